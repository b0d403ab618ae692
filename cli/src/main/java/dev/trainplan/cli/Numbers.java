package dev.trainplan.cli;

import java.math.BigDecimal;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Large counts as people write them: 1000000, 1e12, 1.5T, 300B, 2M, 15k. */
final class Numbers {
    private Numbers() {
    }

    static long parseCount(String text) {
        String t = text.trim().replace("_", "").replace(",", "").toUpperCase(Locale.ROOT);
        long scale = 1;
        if (!t.isEmpty() && "KMBT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            scale = switch (t.charAt(t.length() - 1)) {
                case 'K' -> 1_000L;
                case 'M' -> 1_000_000L;
                case 'B' -> 1_000_000_000L;
                default -> 1_000_000_000_000L;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            BigDecimal value = new BigDecimal(t).multiply(BigDecimal.valueOf(scale));
            return value.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole count such as 1000000, 1e12, 300B or 1.5T.");
        }
    }

    static final class LongConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parseCount(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
