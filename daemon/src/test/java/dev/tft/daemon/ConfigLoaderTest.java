package dev.tft.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class ConfigLoaderTest {
    @TempDir Path home;
    Map<String, String> env;

    @BeforeEach
    void setUp() {
        env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", home.resolve("run").toString());
    }

    private DaemonConfig load(String... args) throws ConfigException {
        return new ConfigLoader(env, () -> "deskhost").load(DaemonArgs.parse(args));
    }

    private void writeConfig(String json) throws Exception {
        Path f = home.resolve(".config/tft/config.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, json);
    }

    @Test
    void defaultsComeFromHostAndXdg() throws Exception {
        DaemonConfig c = load();
        assertEquals("deskhost", c.name());
        assertEquals(5001, c.port());
        assertNull(c.bind());
        assertEquals(home.resolve("Downloads/tft"), c.inbox());
        assertEquals(home.resolve("run/tft/tft.sock"), c.socket());
        assertEquals(home.resolve(".local/state/tft"), c.stateDir());
        assertFalse(c.loopbackOnly());
        assertEquals(5353, c.mdnsPort());
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws Exception {
        writeConfig(
                "{\"name\":\"fromfile\",\"port\":6000,\"inbox\":\"~/in\",\"staticPeers\":[\"10.0.0.9\"]}");
        assertEquals("fromfile", load().name());
        assertEquals(home.resolve("in"), load().inbox());
        env.put("TFT_NAME", "fromenv");
        env.put("TFT_PORT", "6001");
        assertEquals("fromenv", load().name());
        assertEquals(6001, load().port());
        DaemonConfig c = load("--name", "fromflag", "--port=0", "--static-peer", "10.0.0.8:5002");
        assertEquals("fromflag", c.name());
        assertEquals(0, c.port());
        assertEquals(List.of("10.0.0.9", "10.0.0.8:5002"), c.staticPeers());
    }

    @Test
    void tftSocketEnvironmentChoosesTheSocket() throws Exception {
        env.put("TFT_SOCKET", home.resolve("x.sock").toString());
        assertEquals(home.resolve("x.sock"), load().socket());
        assertEquals(
                home.resolve("y.sock"),
                load("--socket", home.resolve("y.sock").toString()).socket());
    }

    @Test
    void unknownKeyIsAnErrorNamingIt() throws Exception {
        writeConfig("{\"name\":\"a\",\"prot\":5001}");
        ConfigException e = assertThrows(ConfigException.class, this::load);
        assertTrue(e.getMessage().contains("unknown key 'prot'"), e.getMessage());
    }

    @Test
    void invalidValuesAreErrorsNamingTheKey() throws Exception {
        writeConfig("{\"port\":70000}");
        assertTrue(assertThrows(ConfigException.class, this::load).getMessage().startsWith("port"));
        writeConfig("{\"limits\":{\"maxTransfers\":0}}");
        assertTrue(
                assertThrows(ConfigException.class, this::load)
                        .getMessage()
                        .contains("limits.maxTransfers"));
        writeConfig("{\"port\":\"many\"}");
        assertThrows(ConfigException.class, this::load);
        writeConfig("{not json");
        assertTrue(
                assertThrows(ConfigException.class, this::load)
                        .getMessage()
                        .contains("config.json"));
    }

    @Test
    void limitsAreReadInSecondsAndBytes() throws Exception {
        writeConfig("{\"limits\":{\"idleTimeoutSeconds\":7,\"maxFileSizeBytes\":1000}}");
        DaemonConfig c = load();
        assertEquals(Duration.ofSeconds(7), c.limits().idleTimeout());
        assertEquals(1000, c.limits().maxFileSize());
    }

    @Test
    void badFlagsAndNamesAreRefused() {
        assertThrows(ConfigException.class, () -> load("--nmae", "x"));
        assertThrows(ConfigException.class, () -> load("--port"));
        assertThrows(ConfigException.class, () -> load("--name", "a\u001b[2Jb"));
        assertThrows(ConfigException.class, () -> load("--bind", "not an address"));
    }

    @Test
    void aMissingConfigFileMeansDefaults() throws Exception {
        assertEquals("deskhost", load("--config", home.resolve("missing.json").toString()).name());
    }

    @Test
    void loopbackOnlyFromEnvironment() throws Exception {
        env.put("TFT_LOOPBACK_ONLY", "1");
        env.put("TFT_MDNS_PORT", "25353");
        DaemonConfig c = load();
        assertTrue(c.loopbackOnly());
        assertEquals(25353, c.mdnsPort());
    }
}
