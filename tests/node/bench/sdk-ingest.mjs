// Client ingest benchmark, official SDK side: subscribes to a room with the unchanged
// amazon-ivs-chat-messaging SDK, counts the messages it receives, and sends a probe message
// every PROBE_INTERVAL_MS to measure send → confirm latency. Prints {"ready":true} once
// connected; at EOF on stdin prints one JSON object with its counts, latencies and its own
// resource usage, then exits.
//
// Environment: IVS_CHAT_WS, IVS_CHAT_HTTP (token server), ROOM_ARN, PROBE_INTERVAL_MS.
import readline from 'node:readline';
import WebSocket from 'ws';

globalThis.WebSocket = WebSocket;
const { ChatRoom, SendMessageRequest } = await import('amazon-ivs-chat-messaging');

const WS = process.env.IVS_CHAT_WS;
const HTTP = process.env.IVS_CHAT_HTTP;
const ROOM = process.env.ROOM_ARN;
const PROBE_INTERVAL_MS = Number(process.env.PROBE_INTERVAL_MS ?? '250');

const room = new ChatRoom({
  regionOrUrl: WS,
  tokenProvider: async () => {
    const response = await fetch(`${HTTP}/create_chat_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ roomIdentifier: ROOM, userId: 'bench-sdk', capabilities: ['SEND_MESSAGE'] }),
    });
    return response.json();
  },
});
room.logLevel = 'error';
room.logger = { debug() {}, info() {}, error: (...args) => console.error(...args) };

let received = 0;
let first = null;
let last = null;
room.addListener('message', () => {
  const now = performance.now();
  if (first === null) first = now;
  last = now;
  received += 1;
});

const latencies = [];
let probeFailures = 0;
let probes = null;
room.addListener('connect', () => {
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  probes = setInterval(() => {
    const started = performance.now();
    room
      .sendMessage(new SendMessageRequest('probe'))
      .then(() => latencies.push(performance.now() - started))
      .catch(() => (probeFailures += 1));
  }, PROBE_INTERVAL_MS);
});
room.connect();

const lines = readline.createInterface({ input: process.stdin });
lines.on('close', () => {
  if (probes) clearInterval(probes);
  const usage = process.resourceUsage();
  process.stdout.write(
    JSON.stringify({
      received,
      seconds: first === null ? 0 : (last - first) / 1000,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      maxRssKb: usage.maxRSS,
      latenciesMs: latencies,
      probeFailures,
    }) + '\n',
  );
  room.disconnect();
  process.exit(0);
});
