package dev.trainplan.engine.steps;

import dev.trainplan.engine.job.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * The environment torchrun's elastic agent gives each worker ({@code _assign_worker_ranks}): nodes may
 * run different numbers of processes, so WORLD_SIZE is the sum over nodes and a worker's RANK is the sum
 * of the lower-ranked nodes' process counts plus its LOCAL_RANK.
 */
public final class TorchrunLayout {
    /** One worker's torchrun environment variables. */
    public record Worker(int rank, int localRank, int localWorldSize, int groupRank, int groupWorldSize, int worldSize) {
    }

    private TorchrunLayout() {
    }

    public static List<Worker> workers(List<Integer> nprocPerNode) {
        if (nprocPerNode.isEmpty()) {
            throw new IllegalArgumentException("nproc_per_node lists no node; give at least one process count.");
        }
        int world = 0;
        for (int n : nprocPerNode) {
            world = Math.addExact(world, Require.positive("nproc_per_node", n, 1 << 10));
        }
        List<Worker> workers = new ArrayList<>(world);
        int base = 0;
        for (int node = 0; node < nprocPerNode.size(); node++) {
            int local = nprocPerNode.get(node);
            for (int r = 0; r < local; r++) {
                workers.add(new Worker(base + r, r, local, node, nprocPerNode.size(), world));
            }
            base += local;
        }
        return List.copyOf(workers);
    }
}
