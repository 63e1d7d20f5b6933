export function connect(socket: EventTarget) {
  const controller = new AbortController();
  socket.addEventListener('open', () => console.log('open'), /* leash-codemod */ { signal: controller.signal });
  socket.addEventListener('close', () => controller.abort(), /* leash-codemod */ { signal: controller.signal });
  return controller;
}
