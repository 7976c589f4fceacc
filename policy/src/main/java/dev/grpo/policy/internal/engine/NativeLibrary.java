package dev.grpo.policy.internal.engine;

import ai.djl.pytorch.jni.LibUtils;

/**
 * The PyTorch native library DJL loaded, as far as DJL's engine-neutral API does not tell: where it came from, which
 * names a user's {@code PYTORCH_LIBRARY_PATH}, DJL's download cache or the CPU jar's extraction directory.
 */
public final class NativeLibrary {

    private NativeLibrary() {
    }

    /** @return the directory the library was loaded from; call only after the PyTorch engine is loaded */
    public static String directory() {
        return LibUtils.getLibtorchPath();
    }
}
