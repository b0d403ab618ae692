package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class PublishedRecipesTest {
    private static final String HEADER = "run,field,value,source\n";

    private static PublishedRecipes read(String rows) throws IOException {
        return PublishedRecipes.read(new StringReader(HEADER + rows), "recipes.csv");
    }

    @Test
    void builtIn_bloomAsTheTr11ReadmePublishesIt() {
        // bigscience tr11-176B-ml: 48 nodes × 8 A100, TP4 × PP12 × DP8, micro-batch 2, global batch 2048, bf16, activation checkpointing.
        PublishedRecipe bloom = PublishedRecipes.builtIn().forRun("bloom-176b");
        assertThat(bloom.devices()).isEqualTo(384);
        assertThat(bloom.devices() / (bloom.tp() * bloom.pp() * bloom.cp())).isEqualTo(8);
        assertThat(bloom.microBatch()).isEqualTo(2);
        assertThat(bloom.globalBatch()).isEqualTo(2048);
        assertThat(bloom.precision()).isEqualTo(Precision.BF16);
        assertThat(bloom.recompute()).isEqualTo(Recompute.FULL);
        assertThat(bloom.framework()).isEqualTo(Framework.DEEPSPEED);
        // Trained in 2022, before FlashAttention reached Megatron-DeepSpeed, without attention dropout.
        assertThat(bloom.attention()).isEqualTo(dev.trainplan.engine.job.AttentionKernel.UNFUSED);
        assertThat(PublishedRecipes.builtIn().forRun("deepseek-v3-pretrain").attention()).isNull();
        assertThat(bloom.ep()).isZero();
        assertThat(bloom.moeAllToAllExposed()).isNaN();
    }

    @Test
    void builtIn_deepSeekV3AsItsReportPublishesIt() {
        // DeepSeek-V3 report: 2048 H800, PP16 × EP64 with ZeRO-1 DP, no TP, FP8, batch 15360 of 4096 tokens, all-to-all hidden by DualPipe.
        PublishedRecipe ds = PublishedRecipes.builtIn().forRun("deepseek-v3-pretrain");
        assertThat(new int[] {ds.devices(), ds.tp(), ds.pp(), ds.ep(), ds.sequenceLength()}).containsExactly(2048, 1, 16, 64, 4096);
        assertThat(ds.globalBatch()).isEqualTo(15360);
        assertThat(ds.sharding()).isEqualTo(Sharding.ZERO1);
        assertThat(ds.precision()).isEqualTo(Precision.FP8);
        assertThat(ds.moeAllToAllExposed()).isZero();
    }

    @Test
    void builtIn_everyFactCitesASource_andAnUnlistedRunHasNone() {
        PublishedRecipe ds = PublishedRecipes.builtIn().forRun("deepseek-v3-pretrain");
        assertThat(ds.sources()).containsKeys("pp", "ep", "precision").allSatisfy((field, source) -> assertThat(source).isNotBlank());
        PublishedRecipe none = PublishedRecipes.builtIn().forRun("llama3-8b");
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.tp()).isZero();
        assertThat(none.precision()).isNull();
    }

    @Test
    void unknownField_oneSentenceNamingItAndTheValidOnes() {
        assertThatThrownBy(() -> read("x,vpp,2,somewhere\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("recipes.csv line 2: field 'vpp' is not one of framework, devices, tp, pp");
    }

    @Test
    void sameFieldTwice_isRefused() {
        assertThatThrownBy(() -> read("x,tp,2,a\nx,tp,4,b\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recipes.csv line 3: run x gives tp again (first on line 2); give each field once.");
    }

    @Test
    void badValues_nameTheFieldTheValueAndWhatIsValid() {
        assertThatThrownBy(() -> read("x,tp,0,a\n")).hasMessage("recipes.csv line 2 (run x): tp must be a whole number from 1 to 65536, not 0.");
        assertThatThrownBy(() -> read("x,pp,two,a\n")).hasMessage("recipes.csv line 2 (run x): pp is 'two'; it must be a whole number from 1 to 65536.");
        assertThatThrownBy(() -> read("x,moe_all_to_all_exposed,1.5,a\n"))
                .hasMessage("recipes.csv line 2 (run x): moe_all_to_all_exposed is '1.5'; it must be a fraction from 0 to 1.");
        assertThatThrownBy(() -> read("x,precision,fp7,a\n")).hasMessageStartingWith("recipes.csv line 2 (run x): ");
        assertThatThrownBy(() -> read("x,tp,2,\n")).hasMessageContaining("column source").hasMessageContaining("needs a value");
    }
}
