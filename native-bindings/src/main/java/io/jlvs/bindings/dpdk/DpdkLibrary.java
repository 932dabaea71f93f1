package io.jlvs.bindings.dpdk;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Loads the jlvs DPDK shim ({@code libjlvs_shim.so}, built from src/main/c and shipped in the jar)
 * and, through its dependencies, DPDK's own libraries; the bindings look every DPDK symbol up here.
 * The user never sets LD_LIBRARY_PATH: a shim inside a jar is copied to a temporary file, loaded,
 * and the file removed. DPDK's libraries come from the system's library path (Debian's {@code dpdk}
 * package). The system property {@code jlvs.shim.library} names another shim file.
 *
 * <p>Shared C type layouts in the style of jextract's header classes live here too.
 */
public final class DpdkLibrary {
    private DpdkLibrary() {}

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    /** The resource path of the shim inside the jar (or target/classes). */
    public static final String SHIM_RESOURCE = "/native/linux-x86_64/libjlvs_shim.so";

    private static final int RTLD_NOW = 0x2;
    private static final int RTLD_GLOBAL = 0x100;

    private static final Object LOADED = load();

    /**
     * The lookup for the shim's and DPDK's symbols.
     *
     * @throws DpdkUnavailableException when the shim or DPDK's libraries cannot be loaded
     */
    public static SymbolLookup lookup() {
        if (LOADED instanceof SymbolLookup lookup) {
            return lookup;
        }
        throw new DpdkUnavailableException((String) LOADED);
    }

    /** Checks that the shim and DPDK's libraries load; throws {@link DpdkUnavailableException} with the reason otherwise. */
    public static void require() {
        lookup();
    }

    /** Finds a symbol or fails with an error naming it (jextract's {@code findOrThrow}). */
    public static MemorySegment findOrThrow(String symbol) {
        return lookup().find(symbol).orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    /** A downcall handle for {@code symbol}, with the given linker options. */
    public static MethodHandle downcall(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        return Linker.nativeLinker().downcallHandle(findOrThrow(symbol), descriptor, options);
    }

    /** Loads the shim; returns a SymbolLookup, or the failure's message as a String. */
    private static Object load() {
        Path path;
        boolean temporary = false;
        String configured = System.getProperty("jlvs.shim.library");
        try {
            if (configured != null) {
                path = Path.of(configured);
            } else {
                URL url = DpdkLibrary.class.getResource(SHIM_RESOURCE);
                if (url == null) {
                    return "the jlvs DPDK shim " + SHIM_RESOURCE + " is not on the class path: build jlvs with `make build`"
                            + " (it needs libdpdk-dev: apt-get install libdpdk-dev)";
                }
                if ("file".equals(url.getProtocol())) {
                    path = Path.of(url.toURI());
                } else {
                    path = Files.createTempFile("libjlvs_shim", ".so");
                    temporary = true;
                    try (InputStream in = url.openStream()) {
                        Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            return "cannot extract the jlvs DPDK shim " + SHIM_RESOURCE + ": " + e;
        }
        try {
            return open(path);
        } finally {
            if (temporary) {
                try {
                    Files.deleteIfExists(path); // the loader keeps its mapping; nothing is left behind
                } catch (IOException ignored) {
                    path.toFile().deleteOnExit();
                }
            }
        }
    }

    /** dlopen through libc, for dlerror's explanation when it fails (a missing librte_*.so names itself). */
    private static Object open(Path path) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Optional<MemorySegment> dlopen = libc.find("dlopen");
        Optional<MemorySegment> dlsym = libc.find("dlsym");
        Optional<MemorySegment> dlerror = libc.find("dlerror");
        if (dlopen.isEmpty() || dlsym.isEmpty() || dlerror.isEmpty()) { // not glibc >= 2.34: let the JDK load it
            try {
                return SymbolLookup.libraryLookup(path, Arena.global());
            } catch (IllegalArgumentException e) {
                return missing(path, e.getMessage());
            }
        }
        MethodHandle open = linker.downcallHandle(dlopen.get(), FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT));
        MethodHandle sym = linker.downcallHandle(dlsym.get(), FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
        MethodHandle err = linker.downcallHandle(dlerror.get(), FunctionDescriptor.of(C_POINTER));
        try {
            MemorySegment handle;
            try (Arena arena = Arena.ofConfined()) {
                handle = (MemorySegment) open.invokeExact(arena.allocateFrom(path.toString()), RTLD_NOW | RTLD_GLOBAL);
            }
            if (handle.equals(MemorySegment.NULL)) {
                MemorySegment why = (MemorySegment) err.invokeExact();
                return missing(path, why.equals(MemorySegment.NULL) ? "dlopen failed"
                        : why.reinterpret(4096).getString(0));
            }
            return (SymbolLookup) name -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment address = (MemorySegment) sym.invokeExact(handle, arena.allocateFrom(name));
                    return address.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(address);
                } catch (Throwable t) {
                    throw new AssertionError("dlsym", t);
                }
            };
        } catch (Throwable t) {
            return missing(path, t.toString());
        }
    }

    private static String missing(Path path, String reason) {
        return "DPDK's libraries could not be loaded (" + reason + ", loading " + path.getFileName()
                + "): install DPDK 22.11 with apt-get install dpdk (Debian 12), or run make setup";
    }
}
