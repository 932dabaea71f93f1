package io.jlvs.slowpath.health;

/** What one check found; {@code detail} says it in words for the log ("connection refused", "answered 503"). */
public record ProbeResult(boolean healthy, String detail) {

    public static ProbeResult healthy(String detail) { return new ProbeResult(true, detail); }

    public static ProbeResult failed(String detail) { return new ProbeResult(false, detail); }
}
