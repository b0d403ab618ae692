package dev.trainplan.engine.hardware;

import java.util.Objects;
import java.util.regex.Pattern;

/** Catalog ids: what users type after --gpu and --fabric, so lower case and dashes only. */
final class Ids {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private Ids() {
    }

    static String require(String what, String id, String example) {
        Objects.requireNonNull(id, what + " id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " id '" + id + "' must be lower-case letters and digits in dash-separated words, e.g. "
                    + example + ".");
        }
        return id;
    }
}
