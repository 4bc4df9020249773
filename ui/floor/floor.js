// The floor of `cargo xtask bench ui`: the same events over the same IPC path as the app
// (woken on the event channel, then `pull_events`), one tab's messages appended as the
// smallest row a chat line needs (time, name, text), trimmed to as many rows as the app
// renders, the newest kept in view. DOM work is done once per animation frame. No framework.
"use strict";

const params = new URLSearchParams(location.search);
const TAB = params.get("tab") || "tab0";
const KEEP = Number(params.get("keep")) || 150;
// See `chatdeck_ipc::EVENT_CHANNEL` and `chatdeck_ipc::command::ARGUMENT`.
const CHANNEL = "chatdeck://event";
const { invoke } = window.__TAURI__.core;
const { listen } = window.__TAURI__.event;

const list = document.getElementById("lines");
const text = new TextDecoder();

// Commands answer with the bytes of their JSON text (the shell's `commands.rs`).
async function call(command, request) {
  return JSON.parse(text.decode(await invoke(command, { request })));
}
const state = { after: 0, pulling: false, again: false, waiting: [], drawing: false };
window.chatdeckFloor = { ready: false, lines: 0 };

function two(n) {
  return n < 10 ? "0" + n : String(n);
}

function row(line) {
  const element = document.createElement("div");
  element.className = "row";
  element.dataset.testid = "message";
  const time = document.createElement("time");
  const at = new Date(line.time_ms);
  time.textContent = two(at.getHours()) + ":" + two(at.getMinutes());
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = line.sender ? line.sender.display_name : "";
  const text = document.createElement("span");
  text.textContent = line.content;
  element.append(time, name, text);
  return element;
}

function draw() {
  state.drawing = false;
  const fresh = state.waiting.splice(0).slice(-KEEP);
  const fragment = document.createDocumentFragment();
  for (const line of fresh) fragment.append(row(line));
  list.append(fragment);
  while (list.childElementCount > KEEP) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

function take(event) {
  const body = event.body;
  if (body.type !== "lines" || body.tab_id !== TAB) return;
  state.waiting.push(...body.lines);
  window.chatdeckFloor.lines += body.lines.length;
  if (!state.drawing) {
    state.drawing = true;
    requestAnimationFrame(draw);
  }
}

async function pull() {
  if (state.pulling) {
    state.again = true;
    return;
  }
  state.pulling = true;
  do {
    state.again = false;
    try {
      const pulled = await call("pull_events", { after: state.after });
      for (const event of pulled.events) {
        state.after = event.seq;
        take(event);
      }
      if (pulled.gap) state.after = Math.max(state.after, pulled.seq);
    } catch (error) {
      console.error("pull_events failed", error);
    }
  } while (state.again);
  state.pulling = false;
}

(async () => {
  state.after = (await call("pull_events", { after: null })).seq;
  await listen(CHANNEL, () => pull());
  // As the app does: what was numbered between the first pull and the listener.
  pull();
  window.chatdeckFloor.ready = true;
})();
