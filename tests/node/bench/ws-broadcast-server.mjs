// A plain `ws` broadcast server: the baseline of the fan-out benchmark. Every text frame a
// client sends is wrapped in a MESSAGE-shaped JSON frame and sent to every client of its room
// (the `room` query parameter of the URL it connected to; one room when absent), the sender
// included — the same work ivs-chat-local does for a room, minus tokens, limits, review and
// logging. Prints `listening <port>` once ready.
import { WebSocketServer } from 'ws';
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const id = () => Array.from(randomBytes(12), (b) => ALPHABET[b % ALPHABET.length]).join('');

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
const rooms = new Map();
server.on('connection', (socket, request) => {
  const name = new URL(request.url ?? '/', 'ws://localhost').searchParams.get('room') ?? '';
  if (!rooms.has(name)) rooms.set(name, new Set());
  const room = rooms.get(name);
  room.add(socket);
  socket.on('close', () => room.delete(socket));
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let request;
    try {
      request = JSON.parse(data.toString());
    } catch {
      return;
    }
    const frame = JSON.stringify({
      Type: 'MESSAGE',
      Id: id(),
      RequestId: request.RequestId ?? '',
      Content: request.Content ?? '',
      Attributes: request.Attributes ?? {},
      Sender: { UserId: 'user', Attributes: {} },
      SendTime: new Date().toISOString(),
    });
    for (const client of room) {
      if (client.readyState === 1) client.send(frame);
    }
  });
});
server.on('listening', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
