package dev.ringscope.testing;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.vmm.Technique;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Mini-OS images of the samples, built once per sample and flavour (a paravirtual guest is built with PARAVIRT). */
public final class GuestImages {

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private GuestImages() {
    }

    public static byte[] of(Path program, Technique technique) {
        boolean pv = technique.needsParavirtualGuest();
        return CACHE.computeIfAbsent(program + (pv ? "#pv" : ""), k -> {
            try {
                return MiniOs.build(program, technique.guestDefines(Map.of())).bytes();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build " + program + ": " + e.getMessage(), e);
            }
        });
    }
}
