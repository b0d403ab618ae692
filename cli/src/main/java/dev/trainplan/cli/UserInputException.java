package dev.trainplan.cli;

/** Input the user must correct (a missing file, a malformed value); printed as one sentence with exit code 2. */
public final class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message, null, false, false);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
