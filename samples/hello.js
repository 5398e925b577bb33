// A first script: timers, promises and the console, as a browser runs them.
//   dotnet run --project src/JsWebSocketHost.Cli -- run samples/hello.js
console.log("Hello from %s, running on %s.", "JsWebSocketHost", typeof self === "object" ? "a window-less global" : "?");

const started = performance.now();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

queueMicrotask(() => console.log("a microtask runs before any timer"));

let ticks = 0;
const interval = setInterval(() => {
  ticks++;
  console.log(`tick ${ticks}`);
  if (ticks === 3) clearInterval(interval);
}, 10);

(async () => {
  await sleep(50);
  console.log({ ticks, elapsedOver50ms: performance.now() - started >= 50, encoded: btoa("hi") });
  console.log("Done: the loop ends by itself once no timer is left.");
})();
