// Drives ivs-chat-local with the official IVS chat messaging SDK, unchanged. Node has no
// browser WebSocket, so the `ws` package stands in for it, as the SDK's docs suggest.
//
// Input (environment): IVS_CHAT_WS (ws://host:port), IVS_CHAT_HTTP (http://host:port, the
// token server), ROOM_ARN (maximumMessageLength 20), RATE_ROOM_ARN (maximumMessageRatePerSecond
// 1), REVIEW_ROOM_ARN (a review handler that denies content starting with "deny"),
// SESSION_MINUTES (a session length the service turns into a few seconds).
// Output: one JSON object per line on stdout: {"check": name, "ok": bool, ...details}.
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

const report = (check, ok, details = {}) => {
  process.stdout.write(JSON.stringify({ check, ok, ...details }) + '\n');
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const within = (ms, promise, what) =>
  Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`timed out: ${what}`)))]);

let tokensMinted = 0;
async function mint(roomIdentifier, userId, capabilities, extra = {}) {
  const response = await fetch(`${HTTP}/create_chat_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ roomIdentifier, userId, capabilities, ...extra }),
  });
  if (!response.ok) throw new Error(`token server answered ${response.status}`);
  tokensMinted += 1;
  return response.json(); // {token, tokenExpirationTime, sessionExpirationTime}: the SDK's ChatToken
}

function quietRoom(room) {
  room.logLevel = 'error';
  room.logger = { debug() {}, info() {}, error: (...args) => console.error(...args) };
  return room;
}

function open(roomIdentifier, userId, capabilities, extra) {
  const room = quietRoom(
    new ChatRoom({ regionOrUrl: WS, tokenProvider: () => mint(roomIdentifier, userId, capabilities, extra) }),
  );
  const events = { connecting: 0, connect: 0, disconnect: [], message: [], messageDelete: [], userDisconnect: [], event: [] };
  room.addListener('connecting', () => events.connecting++);
  room.addListener('connect', () => events.connect++);
  room.addListener('disconnect', (reason) => events.disconnect.push(reason));
  for (const name of ['message', 'messageDelete', 'userDisconnect', 'event']) {
    room.addListener(name, (value) => events[name].push(value));
  }
  const connected = new Promise((resolve, reject) => {
    const off = room.addListener('connect', () => {
      off();
      resolve();
    });
    room.addListener('disconnect', (reason) => reject(new Error(`disconnected: ${reason}`)));
  });
  room.connect();
  return { room, events, connected: within(5000, connected, `${userId} connect`) };
}

async function waitFor(predicate, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function rejection(promise) {
  try {
    await within(5000, promise, 'a request outcome');
    return { resolved: true };
  } catch (error) {
    return { errorCode: error.errorCode, errorMessage: error.errorMessage, requestId: error.requestId };
  }
}

async function check(name, body) {
  try {
    const details = (await body()) ?? {};
    report(name, true, details);
  } catch (error) {
    report(name, false, { error: String(error?.stack ?? error) });
  }
}

const ROOM = env('ROOM_ARN');
const alice = open(ROOM, 'alice', ['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER'], { attributes: { username: 'Alice' } });
const bob = open(ROOM, 'bob', ['SEND_MESSAGE']);
await Promise.all([alice.connected, bob.connected]);

let sent;
await check('send_confirmed', async () => {
  const request = new SendMessageRequest('hello from the SDK', { kind: 'greeting' });
  sent = await within(5000, alice.room.sendMessage(request), 'sendMessage');
  if (sent.content !== 'hello from the SDK') throw new Error(`content ${sent.content}`);
  if (sent.requestId !== request.requestId) throw new Error('RequestId not echoed');
  if (sent.sender.userId !== 'alice' || sent.sender.attributes?.username !== 'Alice') throw new Error('sender');
  if (!(sent.sendTime instanceof Date) || Number.isNaN(sent.sendTime.getTime())) throw new Error('sendTime');
  await waitFor(() => bob.events.message.some((m) => m.id === sent.id), 'bob to receive the message');
  return { id: sent.id };
});

await check('delete_confirmed', async () => {
  const event = await within(5000, alice.room.deleteMessage(new DeleteMessageRequest(sent.id, 'Spam')), 'deleteMessage');
  if (event.messageId !== sent.id || event.reason !== 'Spam') throw new Error(JSON.stringify(event));
  await waitFor(() => bob.events.messageDelete.some((e) => e.messageId === sent.id), 'bob to see the delete');
});

const expectCode = async (name, promise, code, message) => {
  await check(name, async () => {
    const outcome = await rejection(promise);
    if (outcome.errorCode !== code) throw new Error(`expected ${code}, got ${JSON.stringify(outcome)}`);
    if (message && outcome.errorMessage !== message) throw new Error(`message ${outcome.errorMessage}`);
    return outcome;
  });
};

await expectCode('error_400_too_long', alice.room.sendMessage(new SendMessageRequest('x'.repeat(21))), 400, 'Message exceeds maximum length');
await expectCode('error_400_empty', alice.room.sendMessage(new SendMessageRequest('')), 400);
await expectCode('error_403_capability', bob.room.deleteMessage(new DeleteMessageRequest(sent.id)), 403);
await expectCode('error_413_attributes', alice.room.sendMessage(new SendMessageRequest('big', { k: 'v'.repeat(2000) })), 413);

const rate = open(env('RATE_ROOM_ARN'), 'rate', ['SEND_MESSAGE']);
await rate.connected;
await check('error_429_rate', async () => {
  const outcomes = await Promise.all(
    [1, 2, 3].map((n) => rejection(rate.room.sendMessage(new SendMessageRequest(`burst ${n}`)))),
  );
  const limited = outcomes.filter((o) => o.errorCode === 429);
  if (limited.length === 0 || limited[0].errorMessage !== 'rate limit exceeded') throw new Error(JSON.stringify(outcomes));
  return { limited: limited.length };
});

const review = open(env('REVIEW_ROOM_ARN'), 'reviewed', ['SEND_MESSAGE']);
await review.connected;
await expectCode('error_406_review_deny', review.room.sendMessage(new SendMessageRequest('deny this')), 406, 'no thanks');
await check('review_allow', async () => {
  const message = await within(5000, review.room.sendMessage(new SendMessageRequest('fine')), 'reviewed send');
  return { content: message.content };
});

await check('kick', async () => {
  const event = await within(5000, alice.room.disconnectUser(new DisconnectUserRequest('bob', 'bye')), 'disconnectUser');
  if (event.userId !== 'bob' || event.reason !== 'bye') throw new Error(JSON.stringify(event));
  await waitFor(() => bob.events.userDisconnect.some((e) => e.userId === 'bob'), 'bob to see his kick');
  await waitFor(() => bob.events.disconnect.length > 0, 'bob to be disconnected');
  if (bob.events.disconnect[0] !== 'serverDisconnect') throw new Error(`reason ${bob.events.disconnect[0]}`);
  await sleep(300);
  if (bob.room.state !== 'disconnected') throw new Error(`bob reconnected: ${bob.room.state}`);
  return { reason: bob.events.disconnect[0] };
});

await check('session_expiry_reconnects', async () => {
  const before = tokensMinted;
  const short = open(ROOM, 'short', ['SEND_MESSAGE'], { sessionDurationInMinutes: Number(env('SESSION_MINUTES')) });
  await short.connected;
  await waitFor(() => short.events.connect >= 2, 'the SDK to reconnect after the session ended', 15000);
  if (short.events.disconnect.length !== 0) throw new Error(`disconnected: ${short.events.disconnect}`);
  const message = await within(5000, short.room.sendMessage(new SendMessageRequest('after expiry')), 'send after reconnect');
  short.room.disconnect();
  return { connects: short.events.connect, tokens: tokensMinted - before, content: message.content };
});

alice.room.disconnect();
rate.room.disconnect();
review.room.disconnect();
await sleep(100);
process.exit(0);
