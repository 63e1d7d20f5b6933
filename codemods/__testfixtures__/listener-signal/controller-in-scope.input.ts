export function connect(socket: EventTarget) {
  const controller = new AbortController();
  socket.addEventListener('open', () => console.log('open'));
  socket.addEventListener('close', () => controller.abort());
  return controller;
}
