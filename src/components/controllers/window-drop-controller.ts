// Window-wide file drag-and-drop for a Lit host: shows `dragging` while files hover anywhere, hands over drops.

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** dragover fires every ~50 ms while a drag is over the page; silence this long means the drag left or was cancelled. */
const DRAG_IDLE_MS = 1000;

function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

export class WindowDropController implements ReactiveController {
  dragging = false;
  // dragenter on the next element fires before dragleave on the last, so depth > 0 while inside the window.
  private depth = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called synchronously inside the drop event: the DataTransfer is only readable there. */
    private readonly onDrop: (dt: DataTransfer) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('dragenter', this.handleEnter);
    window.addEventListener('dragover', this.handleOver);
    window.addEventListener('dragleave', this.handleLeave);
    window.addEventListener('drop', this.handleDrop);
  }

  hostDisconnected(): void {
    window.removeEventListener('dragenter', this.handleEnter);
    window.removeEventListener('dragover', this.handleOver);
    window.removeEventListener('dragleave', this.handleLeave);
    window.removeEventListener('drop', this.handleDrop);
    this.set(false);
  }

  private readonly handleEnter = (e: DragEvent): void => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    this.depth++;
    this.set(true);
  };

  private readonly handleOver = (e: DragEvent): void => {
    if (!carriesFiles(e)) return;
    e.preventDefault(); // allows the drop
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    this.set(true);
  };

  private readonly handleLeave = (e: DragEvent): void => {
    if (!carriesFiles(e)) return;
    this.depth = Math.max(0, this.depth - 1);
    if (this.depth === 0) this.set(false);
  };

  private readonly handleDrop = (e: DragEvent): void => {
    if (!carriesFiles(e) || !e.dataTransfer) return;
    e.preventDefault(); // otherwise the browser navigates to the dropped file
    this.set(false);
    this.onDrop(e.dataTransfer);
  };

  private set(dragging: boolean): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = dragging ? setTimeout(() => this.set(false), DRAG_IDLE_MS) : undefined;
    if (!dragging) this.depth = 0;
    if (dragging === this.dragging) return;
    this.dragging = dragging;
    this.host.requestUpdate();
  }
}
