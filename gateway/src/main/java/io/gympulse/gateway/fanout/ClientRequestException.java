package io.gympulse.gateway.fanout;

/** A client frame that cannot be served; becomes a {@code {"type":"error","code","message"}} frame. */
final class ClientRequestException extends Exception {

  private final String code;

  ClientRequestException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  String code() {
    return code;
  }
}
