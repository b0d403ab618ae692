package dev.trainplan.engine.job;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A closed choice with a lower-case id as users type it on the command line and in job files. Enums
 * implement it; their id is the constant's name in lower case with dashes.
 */
public interface Named {
    String name();

    default String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Other spellings users type for the same choice (e.g. {@code adam} for AdamW). */
    default List<String> aliases() {
        return List.of();
    }

    /** Parses {@code text} into one of {@code type}'s constants, or says which field was wrong and what is valid. */
    static <E extends Enum<E> & Named> E parse(Class<E> type, String field, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + " is empty; valid values are " + valid(type) + ".");
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(wanted) || e.aliases().contains(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException(field + " '" + text + "' is not one of " + valid(type) + ".");
    }

    static <E extends Enum<E> & Named> String valid(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Named::id).collect(Collectors.joining(", "));
    }
}
