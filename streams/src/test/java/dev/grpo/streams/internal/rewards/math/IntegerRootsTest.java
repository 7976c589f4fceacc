package dev.grpo.streams.internal.rewards.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IntegerRootsTest {

    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    @Test
    void anExactRootIsFoundOnlyForAPerfectPower() {
        assertThat(IntegerRoots.exactRoot(big(144), 2)).contains(big(12));
        assertThat(IntegerRoots.exactRoot(big(145), 2)).isEmpty();
        assertThat(IntegerRoots.exactRoot(big(27), 3)).contains(big(3));
        assertThat(IntegerRoots.exactRoot(big(28), 3)).isEmpty();
        assertThat(IntegerRoots.exactRoot(BigInteger.ZERO, 5)).contains(BigInteger.ZERO);
        assertThat(IntegerRoots.exactRoot(BigInteger.ONE, 7)).contains(BigInteger.ONE);
    }

    @Test
    void rootsOfHugePowersAreExact() {
        BigInteger base = new BigInteger("12345678901234567890");
        assertThat(IntegerRoots.exactRoot(base.pow(5), 5)).contains(base);
        assertThat(IntegerRoots.exactRoot(base.pow(5).add(BigInteger.ONE), 5)).isEmpty();
    }

    @Test
    void aNumberSplitsIntoASquareAndASquareFreeRest() {
        assertThat(IntegerRoots.splitSquare(big(72), DEADLINE)).isEqualTo(new IntegerRoots.SquareSplit(big(6), big(2)));
        assertThat(IntegerRoots.splitSquare(big(30), DEADLINE)).isEqualTo(new IntegerRoots.SquareSplit(big(1), big(30)));
        assertThat(IntegerRoots.splitSquare(big(49), DEADLINE)).isEqualTo(new IntegerRoots.SquareSplit(big(7), big(1)));
    }

    @Test
    void aRestThatIsItselfAPerfectSquareIsTakenOutHoweverLargeItsPrimes() {
        BigInteger prime = big(1_000_003);
        assertThat(IntegerRoots.splitSquare(prime.multiply(prime).multiply(big(4)), DEADLINE))
                .isEqualTo(new IntegerRoots.SquareSplit(prime.multiply(big(2)), big(1)));
    }

    @Test
    void aSquareOfAPrimeBeyondTrialDivisionNextToAnotherFactorStaysInside() {
        BigInteger prime = big(1_000_003);
        assertThat(IntegerRoots.splitSquare(prime.multiply(prime).multiply(big(8)), DEADLINE))
                .as("a false negative at worst, never a wrong value")
                .isEqualTo(new IntegerRoots.SquareSplit(big(2), prime.multiply(prime).multiply(big(2))));
    }
}
