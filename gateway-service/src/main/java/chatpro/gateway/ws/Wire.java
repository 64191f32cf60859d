package chatpro.gateway.ws;

/** Where a client socket's frames go: its WebSocket's channel in the gateway ({@link WebSocketLink}), a recording in tests. */
interface Wire {
  /** Writes a text frame, or nothing once the socket is closing or closed. */
  void write(WireFrame frame);

  /** Frames written and not yet taken by the network: what a reader that is slow lets pile up. */
  int unwritten();

  /** Sends a close frame with this code and reason and ends the connection; nothing is written after it. */
  void close(int code, String reason);

  /** Whether the socket is closing or closed. */
  boolean closed();
}
