package dev.trainplan.engine.job;

/**
 * The training data as the dataloader sees it: a number of samples (sequences) of a fixed length.
 * A token budget is packed into {@code tokens / sequenceLength} sequences; the remainder does not fill
 * a sequence and is not trained on.
 */
public record Dataset(long samples, int sequenceLength) {
    public static final int MAX_SEQUENCE_LENGTH = 1 << 24;

    public Dataset {
        Require.positive("samples", samples, Require.MAX_COUNT);
        Require.positive("seq_len", sequenceLength, MAX_SEQUENCE_LENGTH);
    }

    public static Dataset of(long samples, int sequenceLength) {
        return new Dataset(samples, sequenceLength);
    }

    public static Dataset ofTokens(long tokens, int sequenceLength) {
        Require.positive("tokens", tokens, Long.MAX_VALUE);
        Require.positive("seq_len", sequenceLength, MAX_SEQUENCE_LENGTH);
        if (tokens < sequenceLength) {
            throw new IllegalArgumentException("tokens " + tokens + " is fewer than one sequence of seq_len " + sequenceLength + "; give at least " + sequenceLength + " tokens.");
        }
        return new Dataset(tokens / sequenceLength, sequenceLength);
    }

    public long tokens() {
        return Require.times("tokens (samples × seq_len)", samples, sequenceLength);
    }

    public Dataset withSequenceLength(int newSequenceLength) {
        return new Dataset(samples, newSequenceLength);
    }
}
