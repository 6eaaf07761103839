package io.gympulse.gateway.ingest;

/** A status message refused by validation; carries the reason that is counted and reported. */
public final class RejectedReportException extends Exception {

  private final RejectReason reason;

  public RejectedReportException(RejectReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
