package io.leadhub.console;

/** A console page that does not exist for this user: another org's page answers exactly like a missing one (404). */
class ConsoleNotFound extends RuntimeException {
    ConsoleNotFound(String what) {
        super(what);
    }
}
