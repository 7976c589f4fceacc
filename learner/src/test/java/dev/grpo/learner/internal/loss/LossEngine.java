package dev.grpo.learner.internal.loss;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PyTorch manager the surrogate tests compute on, opened once per test class. */
abstract class LossEngine {

    static NDManager manager;

    @BeforeAll
    static void startEngine() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterAll
    static void stopEngine() {
        manager.close();
    }
}
