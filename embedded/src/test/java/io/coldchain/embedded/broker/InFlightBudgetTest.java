package io.coldchain.embedded.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {

    @Test
    void a_message_that_does_not_fit_waits_until_committed_ones_make_room_in_order() {
        InFlightBudget budget = new InFlightBudget(100);
        assertThat(budget.take(60)).isCompleted();
        assertThat(budget.take(40)).isCompleted();
        CompletableFuture<Void> third = budget.take(30);
        CompletableFuture<Void> fourth = budget.take(1);
        assertThat(third).isNotDone();
        assertThat(fourth)
                .as("no overtaking: a small message waits behind a big one")
                .isNotDone();
        assertThat(budget.waits()).isEqualTo(2);

        budget.release(40);
        assertThat(third).isCompleted();
        assertThat(fourth).isCompleted();
        assertThat(budget.used()).isEqualTo(91);
    }

    @Test
    void one_message_bigger_than_the_budget_goes_in_alone() {
        InFlightBudget budget = new InFlightBudget(10);
        assertThat(budget.take(50)).isCompleted();
        CompletableFuture<Void> next = budget.take(50);
        assertThat(next).isNotDone();
        budget.release(50);
        assertThat(next).isCompleted();
        assertThatThrownBy(() -> new InFlightBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_waiter_that_gave_up_takes_nothing_and_blocks_no_one() {
        InFlightBudget budget = new InFlightBudget(100);
        assertThat(budget.take(100)).isCompleted();
        CompletableFuture<Void> gaveUp = budget.take(80);
        CompletableFuture<Void> behind = budget.take(30);
        gaveUp.completeExceptionally(new java.util.concurrent.TimeoutException("waited too long"));

        budget.release(50);
        assertThat(behind).as("not held back by a waiter that left the queue").isCompleted();
        assertThat(budget.used()).isEqualTo(80);
        budget.release(50);
        budget.release(30);
        assertThat(budget.used())
                .as("the timed-out waiter's bytes were never counted")
                .isZero();
    }
}
