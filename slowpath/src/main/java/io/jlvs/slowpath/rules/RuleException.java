package io.jlvs.slowpath.rules;

/**
 * An operation refused, with the message and exit status ipvsadm gives for it: 2 for what ipvsadm
 * itself rejects while parsing (its fail(2, ...)), 255 for what the kernel refuses (ipvsadm returns
 * -1 from main after printing ipvs_strerror), 1 for listing errors.
 */
public final class RuleException extends Exception {
    public static final int USAGE = 2;
    public static final int REFUSED = 255;
    public static final int LIST_FAILED = 1;

    private final int exitStatus;
    private final int operationIndex;

    public RuleException(String message, int exitStatus) {
        this(message, exitStatus, -1);
    }

    private RuleException(String message, int exitStatus, int operationIndex) {
        super(message);
        this.exitStatus = exitStatus;
        this.operationIndex = operationIndex;
    }

    public int exitStatus() { return exitStatus; }

    /** Which operation of a batch was refused (0-based), or -1. */
    public int operationIndex() { return operationIndex; }

    /** The same refusal, for operation {@code index} of a batch. */
    public RuleException inOperation(int index) { return new RuleException(getMessage(), exitStatus, index); }

    /** What the kernel refuses, in ipvs_strerror's words. */
    public static RuleException refused(String message) { return new RuleException(message, REFUSED); }

    public static RuleException usage(String message) { return new RuleException(message, USAGE); }

    /** The same refusal, naming the line of an -R input it came from. */
    public RuleException atLine(int line) { return new RuleException("line " + line + ": " + getMessage(), exitStatus); }
}
