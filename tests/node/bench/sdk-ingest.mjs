// Client ingest benchmark, official SDK side: subscribes to every room in ROOM_ARNS with the
// unchanged amazon-ivs-chat-messaging SDK, tallies the messages it receives, and sends a
// probe message to the first room every PROBE_INTERVAL_MS to measure send → confirm latency.
// The same stdin / stdout protocol as the Rust side (crates/client/benches/ingest/subscriber.rs):
// prints {"ready":true} once every room is connected; "probe" on stdin starts the probes
// (once both sides are connected) and prints {"received":n}; "mark" prints the same; "quiet"
// stops the probes and prints the same; at EOF it prints its totals and exits.
//
// Environment: IVS_CHAT_WS, IVS_CHAT_HTTP (token server), ROOM_ARNS (comma-separated),
// PROBE_INTERVAL_MS.
import readline from 'node:readline';
import WebSocket from 'ws';

globalThis.WebSocket = WebSocket;
const { ChatRoom, SendMessageRequest } = await import('amazon-ivs-chat-messaging');

const WS = process.env.IVS_CHAT_WS;
const HTTP = process.env.IVS_CHAT_HTTP;
const ROOMS = process.env.ROOM_ARNS.split(',');
const PROBE_INTERVAL_MS = Number(process.env.PROBE_INTERVAL_MS ?? '250');

// FNV-1a of a message id, as the Rust side computes it: the sum over the received ids tells
// whether both sides received the same messages, whatever their order.
function messageDigest(id) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

let received = 0;
let digest = 0;
let first = null;
let last = null;
let connected = 0;
const latencies = [];
let probeFailures = 0;
let probes = null;

function join(arn) {
  const room = new ChatRoom({
    regionOrUrl: WS,
    tokenProvider: async () => {
      const response = await fetch(`${HTTP}/create_chat_token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ roomIdentifier: arn, userId: 'bench-sdk', capabilities: ['SEND_MESSAGE'] }),
      });
      return response.json();
    },
  });
  room.logLevel = 'error';
  room.logger = { debug() {}, info() {}, error: (...args) => console.error(...args) };
  room.addListener('message', (message) => {
    const now = performance.now();
    if (first === null) first = now;
    last = now;
    received += 1;
    digest = (digest + messageDigest(message.id)) >>> 0;
  });
  room.addListener('connect', () => {
    connected += 1;
    if (connected === ROOMS.length) process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  });
  room.connect();
  return room;
}

const rooms = ROOMS.map(join);

function probe() {
  const sent = performance.now();
  rooms[0]
    .sendMessage(new SendMessageRequest('probe'))
    .then(() => latencies.push(performance.now() - sent))
    .catch(() => (probeFailures += 1));
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (command) => {
  if (command.trim() === 'probe' && !probes) probes = setInterval(probe, PROBE_INTERVAL_MS);
  if (command.trim() === 'quiet' && probes) {
    clearInterval(probes);
    probes = null;
  }
  process.stdout.write(JSON.stringify({ received }) + '\n');
});
lines.on('close', () => {
  if (probes) clearInterval(probes);
  const usage = process.resourceUsage();
  process.stdout.write(
    JSON.stringify({
      received,
      digest,
      seconds: first === null ? 0 : (last - first) / 1000,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      maxRssKb: usage.maxRSS,
      latenciesMs: latencies,
      probeFailures,
    }) + '\n',
  );
  for (const room of rooms) room.disconnect();
  process.exit(0);
});
