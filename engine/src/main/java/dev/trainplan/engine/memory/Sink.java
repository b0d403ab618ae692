package dev.trainplan.engine.memory;

/**
 * Receives the items of each stage as the one computation produces them. The fast path passes
 * {@link #NONE} and only keeps the sums, so it gives the same peak as the itemised path by construction.
 */
interface Sink {
    Sink NONE = new Sink() {
        @Override
        public void stage(int index, int firstLayer, int layers, double microBatchesInFlight) {
        }

        @Override
        public void item(ItemKind kind, String name, String source, long bytes) {
        }
    };

    void stage(int index, int firstLayer, int layers, double microBatchesInFlight);

    void item(ItemKind kind, String name, String source, long bytes);
}
