package dev.trainplan.engine.plan;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Moe;
import org.junit.jupiter.api.Test;

class SplitsTest {
    // Llama 3.1 8B: 32 heads, 8 KV heads, FFN 14336 = 2^11 × 7; tp must divide gcd(32, 8, 14336) = 8.
    private static final Architecture LLAMA_8B = Architecture.builder("llama-3.1-8b").layers(32).hidden(4096).heads(32).kvHeads(8)
            .ffnHidden(14336).vocab(128256).build();
    // Mixtral 8x7B: 8 experts, top-2.
    private static final Architecture MIXTRAL = Architecture.builder("mixtral-8x7b").layers(32).hidden(4096).heads(32).kvHeads(8)
            .ffnHidden(14336).vocab(32000).moe(new Moe(8, 2, 14336, 0, 0, 0, false)).build();

    private static Parallelism tpEp(int tp, int ep) {
        return new Parallelism(tp, 1, 1, ep, 1, false);
    }

    @Test
    void contextParallel_cutsTheSequenceInto2cpEqualChunks() {
        Parallelism cp4 = new Parallelism(1, 1, 4, 1, 1, false);
        assertThatCode(() -> Splits.require(LLAMA_8B, cp4, 8192)).doesNotThrowAnyException();
        // 8190 = 2 × 3² × 5 × 7 × 13: not a multiple of 8.
        assertThatThrownBy(() -> Splits.require(LLAMA_8B, cp4, 8190)).hasMessage("sequence length 8190 does not split into 2 × cp = 8 "
                + "equal chunks (context parallelism balances the causal mask over them); choose a sequence length divisible by 8 or a cp "
                + "whose double divides 8190.");
    }

    @Test
    void tensorParallel_mustDivideHeadsKvHeadsAndFfn() {
        assertThatCode(() -> Splits.require(LLAMA_8B, tpEp(8, 1), 8192)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Splits.require(LLAMA_8B, tpEp(16, 1), 8192)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tp 16 does not split llama-3.1-8b's 32 attention heads, 8 KV heads and FFN width 14336; choose a tp among 1, 2, 4, 8.");
        assertThatThrownBy(() -> Splits.require(LLAMA_8B, tpEp(3, 1), 8192)).hasMessageStartingWith("tp 3 does not split");
    }

    @Test
    void expertParallel_needsExpertsAndMustDivideThem() {
        assertThatCode(() -> Splits.require(MIXTRAL, tpEp(1, 8), 8192)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Splits.require(MIXTRAL, tpEp(1, 16), 8192))
                .hasMessage("ep 16 does not split mixtral-8x7b's 8 experts; choose an ep among 1, 2, 4, 8.");
        assertThatThrownBy(() -> Splits.require(LLAMA_8B, tpEp(1, 8), 8192))
                .hasMessage("ep 8 needs a mixture-of-experts model, and llama-3.1-8b is dense; set ep to 1.");
    }
}
