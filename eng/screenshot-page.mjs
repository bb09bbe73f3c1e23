// eng/screenshot-page.mjs — saves a PNG of a page once it has rendered what we wait for, through the DevTools protocol
// of a Chromium started with --remote-debugging-port. The Aspire dashboard is a Blazor Server app: its grid arrives over
// a WebSocket after the page loads, which Chromium's own --screenshot (a fixed virtual-time budget) does not wait for.
//
//   node --experimental-websocket eng/screenshot-page.mjs <debugging-port> <url> <out.png> <css selector> <minimum count>
//
// No package: Node 20's WebSocket (behind --experimental-websocket) speaks the protocol.
import { writeFile } from "node:fs/promises";

const [port, url, out, selector, minimum] = process.argv.slice(2);
const patienceMs = 60_000;

const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const page = targets.find((t) => t.type === "page");
if (!page) throw new Error("Chromium has no page to drive");

const socket = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((resolve, reject) => {
  socket.onopen = resolve;
  socket.onerror = reject;
});
let nextId = 0;
const pending = new Map();
socket.onmessage = (message) => {
  const { id, result, error } = JSON.parse(message.data);
  if (!pending.has(id)) return;
  const { resolve, reject } = pending.get(id);
  pending.delete(id);
  error ? reject(new Error(`${error.message} (${error.code})`)) : resolve(result);
};
const send = (method, params = {}) =>
  new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, method, params }));
  });
const evaluate = async (expression) => (await send("Runtime.evaluate", { expression, returnByValue: true })).result.value;

await send("Page.enable");
await send("Page.navigate", { url });

// Rendered when the grid holds its rows and no resource is still on its way to its state (the page redraws each
// change): the same count twice, one poll apart.
const deadline = Date.now() + patienceMs;
let previous = -1;
for (;;) {
  const count = await evaluate(`document.querySelectorAll(${JSON.stringify(selector)}).length`);
  const busy = await evaluate(`/\\b(Starting|Waiting|Building)\\b/.test(document.body?.innerText ?? "")`);
  if (count >= Number(minimum) && count === previous && !busy) break;
  if (Date.now() > deadline) throw new Error(`the page showed ${count} of the ${minimum} "${selector}" awaited within ${patienceMs} ms`);
  previous = count;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

const { data } = await send("Page.captureScreenshot", { format: "png" });
await writeFile(out, Buffer.from(data, "base64"));
socket.close();
console.log(`saved ${out}`);
