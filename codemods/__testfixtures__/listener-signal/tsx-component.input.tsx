declare function useEffect(fn: () => void | (() => void), deps: unknown[]): void;

export function Resizer({ onResize }: { onResize: (w: number) => void }) {
  useEffect(() => {
    const controller = new AbortController();
    window.addEventListener('resize', () => onResize(window.innerWidth));
    return () => controller.abort();
  }, [onResize]);
  return <div className="resizer" />;
}

declare const window: EventTarget & { innerWidth: number };
declare global {
  namespace JSX {
    interface IntrinsicElements {
      div: { className?: string };
    }
  }
}
