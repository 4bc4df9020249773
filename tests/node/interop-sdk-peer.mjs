// A peer for interop tests: the official IVS chat messaging SDK, unchanged, driven line by line.
// Node has no browser WebSocket, so the `ws` package stands in for it.
//
// Environment: IVS_CHAT_WS (ws://host:port), IVS_CHAT_HTTP (http://host:port, the token
// server), ROOM_ARN.
// stdin, one JSON object per line:
//   {"cmd":"open","user":"u","capabilities":[...]}        connect a room as user u
//   {"cmd":"send","user":"u","content":"...","attributes":{...}}  sendMessage (attributes optional)
//   {"cmd":"delete","user":"u","id":"...","reason":"..."} deleteMessage
//   {"cmd":"kick","user":"u","target":"...","reason":"..."} disconnectUser
//   {"cmd":"quit"}
// stdout, one JSON object per line, each with "user" (whose room saw it) and "type":
//   connect, disconnect {reason}, message {id, content, senderId, requestId, attributes},
//   messageDelete {messageId, reason}, userDisconnect {userId, reason},
//   confirmed {cmd, id}, rejected {cmd, errorCode, errorMessage}, error {message}.
import readline from 'node:readline';
import WebSocket from 'ws';

globalThis.WebSocket = WebSocket;
const { ChatRoom, SendMessageRequest, DeleteMessageRequest, DisconnectUserRequest } = await import(
  'amazon-ivs-chat-messaging'
);

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const WS = env('IVS_CHAT_WS');
const HTTP = env('IVS_CHAT_HTTP');
const ROOM = env('ROOM_ARN');

const out = (user, type, details = {}) => process.stdout.write(JSON.stringify({ user, type, ...details }) + '\n');

async function mint(userId, capabilities) {
  const response = await fetch(`${HTTP}/create_chat_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ roomIdentifier: ROOM, userId, capabilities }),
  });
  if (!response.ok) throw new Error(`token server answered ${response.status}`);
  return response.json();
}

const rooms = new Map();

function open(user, capabilities) {
  const room = new ChatRoom({ regionOrUrl: WS, tokenProvider: () => mint(user, capabilities) });
  room.logLevel = 'error';
  room.logger = { debug() {}, info() {}, error: (...args) => console.error(...args) };
  room.addListener('connect', () => out(user, 'connect'));
  room.addListener('disconnect', (reason) => out(user, 'disconnect', { reason }));
  room.addListener('message', (m) =>
    out(user, 'message', {
      id: m.id,
      content: m.content,
      senderId: m.sender.userId,
      requestId: m.requestId ?? null,
      attributes: m.attributes ?? {},
    }),
  );
  room.addListener('messageDelete', (e) => out(user, 'messageDelete', { messageId: e.messageId, reason: e.reason ?? null }));
  room.addListener('userDisconnect', (e) => out(user, 'userDisconnect', { userId: e.userId, reason: e.reason ?? null }));
  rooms.set(user, room);
  room.connect();
}

async function settle(user, cmd, promise) {
  try {
    const result = await promise;
    out(user, 'confirmed', { cmd, id: result.id });
  } catch (error) {
    out(user, 'rejected', { cmd, errorCode: error.errorCode ?? null, errorMessage: error.errorMessage ?? String(error) });
  }
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let command;
  try {
    command = JSON.parse(line);
  } catch {
    out(null, 'error', { message: `not JSON: ${line}` });
    continue;
  }
  const room = rooms.get(command.user);
  switch (command.cmd) {
    case 'open':
      open(command.user, command.capabilities ?? []);
      break;
    case 'send':
      settle(command.user, 'send', room.sendMessage(new SendMessageRequest(command.content, command.attributes)));
      break;
    case 'delete':
      settle(command.user, 'delete', room.deleteMessage(new DeleteMessageRequest(command.id, command.reason)));
      break;
    case 'kick':
      settle(command.user, 'kick', room.disconnectUser(new DisconnectUserRequest(command.target, command.reason)));
      break;
    case 'quit':
      for (const room of rooms.values()) room.disconnect();
      process.exit(0);
      break;
    default:
      out(command.user ?? null, 'error', { message: `unknown command ${command.cmd}` });
  }
}
for (const room of rooms.values()) room.disconnect();
process.exit(0);
