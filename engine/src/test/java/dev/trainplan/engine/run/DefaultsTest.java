package dev.trainplan.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** Every default can be printed with its source and replaced. */
class DefaultsTest {
    @Test
    void all_listsEveryPublicDefault() throws IllegalAccessException {
        long declared = 0;
        for (var field : Defaults.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Assumption.class) {
                assertThat(Defaults.all()).contains((Assumption) field.get(null));
                declared++;
            }
        }
        assertThat(Defaults.all()).hasSize((int) declared).doesNotHaveDuplicates();
    }

    @Test
    void everyDefault_hasUnitAndASourceNotUserGiven() {
        assertThat(Defaults.all()).allSatisfy(a -> {
            assertThat(a.unit()).isNotBlank();
            assertThat(a.source().length()).isGreaterThan(40);
            assertThat(a.userGiven()).isFalse();
        });
    }

    @Test
    void withValue_keepsNameAndUnit_marksUserGiven() {
        Assumption pue = Defaults.PUE.withValue(1.3);
        assertThat(pue.value()).isEqualTo(1.3);
        assertThat(pue.unit()).isEqualTo(Defaults.PUE.unit());
        assertThat(pue.source()).isEqualTo(Assumption.USER_GIVEN);
    }

    @Test
    void overrides_outOfRange_rejectedNamingFigureValueAndRange() {
        assertThatThrownBy(() -> Power.of(700).withPue(Defaults.PUE.withValue(0.9)))
                .hasMessage("power usage effectiveness must be from 1 to 10 facility energy / IT energy, not 0.9.");
        assertThatThrownBy(() -> Storage.DEFAULTS.withAggregateBytesPerSecond(Defaults.STORAGE_AGGREGATE.withValue(0)))
                .hasMessageStartingWith("aggregate storage bandwidth must be above 0");
        assertThatThrownBy(() -> Defaults.RESTART.withValue(Double.NaN)).hasMessage("restart time must be a finite number, not NaN.");
    }
}
