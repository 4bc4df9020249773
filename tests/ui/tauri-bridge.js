// The UI test bridge: stands in for Tauri's `window.__TAURI__` in a plain browser, forwarding
// every command to the test's real app layer over HTTP and the event wake-ups over a WebSocket.
// Served by the test bridge and loaded before the UI's own module script.
(() => {
  // The bridge serves the desktop app's CSP; every refusal is recorded here and a test fails
  // on any (see Browser::close), so a UI that only works without the CSP cannot pass.
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}: ${event.sample || ""}`);
  });
  const base = `${location.origin}/__bridge`;
  const invoke = async (command, args) => {
    const response = await fetch(`${base}/invoke/${command}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(args && args.request !== undefined ? args.request : null),
    });
    // Read by content type as Tauri's own IPC script does: JSON becomes objects, anything
    // else arrives as an ArrayBuffer (the shell answers commands with raw JSON bytes).
    const type = (response.headers.get("content-type") || "").split(",")[0];
    const body = type === "application/json" ? await response.json() : await response.arrayBuffer();
    if (!response.ok) throw body; // an IpcError { kind, message }, as Tauri rejects
    return body;
  };
  const listen = (event, handler) =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(`${base.replace(/^http/, "ws")}/events?channel=${encodeURIComponent(event)}`);
      socket.onmessage = (message) => handler({ event, id: 0, payload: JSON.parse(message.data) });
      socket.onopen = () => resolve(() => socket.close());
      socket.onerror = () => reject(new Error("the test bridge refused the event subscription"));
    });
  window.__TAURI__ = { core: { invoke }, event: { listen } };
})();
