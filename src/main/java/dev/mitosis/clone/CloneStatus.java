package dev.mitosis.clone;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The recipient's record of its current or last clone: performance_schema.clone_status (one row)
 * and clone_progress (seven stage rows). Kept in {@code #clone/status} in the datadir, outside
 * the engine's files, so it survives the data swap and the restart.
 */
public final class CloneStatus {
    public static final List<String> STAGES = List.of("DROP DATA", "FILE COPY", "PAGE COPY", "REDO COPY",
            "FILE SYNC", "RESTART", "RECOVERY");

    public enum State {
        NOT_STARTED("Not Started"), IN_PROGRESS("In Progress"), COMPLETED("Completed"), FAILED("Failed");

        public final String text;

        State(String text) {
            this.text = text;
        }
    }

    /** One clone_progress row. */
    public static final class Stage {
        public final String name;
        public volatile State state = State.NOT_STARTED;
        public volatile LocalDateTime begin;
        public volatile LocalDateTime end;
        public volatile int threads;
        public volatile long estimate;
        public volatile long data;
        public volatile long network;
        public volatile long dataSpeed;
        public volatile long networkSpeed;

        Stage(String name) {
            this.name = name;
        }
    }

    private final Path file;
    public volatile long pid;
    public volatile State state = State.NOT_STARTED;
    public volatile LocalDateTime begin;
    public volatile LocalDateTime end;
    public volatile String source = "";
    public volatile String destination = "";
    public volatile int errorNo;
    public volatile String errorMessage = "";
    public volatile String binlogFile = "";
    public volatile long binlogPosition;
    public volatile String gtidExecuted = "";
    public final List<Stage> stages = new ArrayList<>();
    private volatile boolean present;

    private CloneStatus(Path file) {
        this.file = file;
        for (String s : STAGES) stages.add(new Stage(s));
    }

    /** The status kept in the datadir, or an empty one (no clone yet: the tables have no rows). */
    public static CloneStatus load(Path datadir) throws IOException {
        CloneStatus s = new CloneStatus(datadir.resolve("#clone").resolve("status"));
        if (Files.exists(s.file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(s.file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            s.read(p);
            s.present = true;
        }
        return s;
    }

    public boolean present() {
        return present;
    }

    public Stage stage(String name) {
        for (Stage s : stages) if (s.name.equals(name)) return s;
        throw new IllegalArgumentException(name);
    }

    /** A new clone begins: everything else is forgotten. */
    public synchronized void begin(long pid, String source, String destination) {
        this.pid = pid;
        this.state = State.IN_PROGRESS;
        this.begin = LocalDateTime.now();
        this.end = null;
        this.source = source;
        this.destination = destination;
        this.errorNo = 0;
        this.errorMessage = "";
        this.binlogFile = "";
        this.binlogPosition = 0;
        this.gtidExecuted = "";
        for (Stage s : stages) {
            s.state = State.NOT_STARTED;
            s.begin = null;
            s.end = null;
            s.threads = 0;
            s.estimate = 0;
            s.data = 0;
            s.network = 0;
            s.dataSpeed = 0;
            s.networkSpeed = 0;
        }
        present = true;
    }

    public synchronized void startStage(String name, long estimate, int threads) {
        Stage s = stage(name);
        s.state = State.IN_PROGRESS;
        s.begin = LocalDateTime.now();
        s.estimate = estimate;
        s.threads = threads;
    }

    public synchronized void finishStage(String name) {
        Stage s = stage(name);
        if (s.begin == null) s.begin = LocalDateTime.now();
        s.state = State.COMPLETED;
        s.end = LocalDateTime.now();
        s.dataSpeed = 0;
        s.networkSpeed = 0;
    }

    public synchronized void completed() {
        state = State.COMPLETED;
        end = LocalDateTime.now();
    }

    /** The clone failed: the running stage and the operation are marked Failed with the error. */
    public synchronized void failed(int errorNo, String message) {
        for (Stage s : stages) {
            if (s.state == State.IN_PROGRESS) {
                s.state = State.FAILED;
                s.end = LocalDateTime.now();
            }
        }
        this.state = State.FAILED;
        this.errorNo = errorNo;
        this.errorMessage = message;
        this.end = LocalDateTime.now();
    }

    /** Writes the status atomically (temp file + rename). */
    public synchronized void save() throws IOException {
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        write(p);
        Path tmp = file.resolveSibling("status.tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "clone status");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void write(Properties p) {
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("state", state.name());
        put(p, "begin", begin);
        put(p, "end", end);
        p.setProperty("source", source);
        p.setProperty("destination", destination);
        p.setProperty("error_no", Integer.toString(errorNo));
        p.setProperty("error_message", errorMessage);
        p.setProperty("binlog_file", binlogFile);
        p.setProperty("binlog_position", Long.toString(binlogPosition));
        p.setProperty("gtid_executed", gtidExecuted);
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            String k = "stage." + i + ".";
            p.setProperty(k + "state", s.state.name());
            put(p, k + "begin", s.begin);
            put(p, k + "end", s.end);
            p.setProperty(k + "threads", Integer.toString(s.threads));
            p.setProperty(k + "estimate", Long.toString(s.estimate));
            p.setProperty(k + "data", Long.toString(s.data));
            p.setProperty(k + "network", Long.toString(s.network));
        }
    }

    private void read(Properties p) {
        pid = Long.parseLong(p.getProperty("pid", "0"));
        state = State.valueOf(p.getProperty("state", "NOT_STARTED"));
        begin = time(p, "begin");
        end = time(p, "end");
        source = p.getProperty("source", "");
        destination = p.getProperty("destination", "");
        errorNo = Integer.parseInt(p.getProperty("error_no", "0"));
        errorMessage = p.getProperty("error_message", "");
        binlogFile = p.getProperty("binlog_file", "");
        binlogPosition = Long.parseLong(p.getProperty("binlog_position", "0"));
        gtidExecuted = p.getProperty("gtid_executed", "");
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            String k = "stage." + i + ".";
            s.state = State.valueOf(p.getProperty(k + "state", "NOT_STARTED"));
            s.begin = time(p, k + "begin");
            s.end = time(p, k + "end");
            s.threads = Integer.parseInt(p.getProperty(k + "threads", "0"));
            s.estimate = Long.parseLong(p.getProperty(k + "estimate", "0"));
            s.data = Long.parseLong(p.getProperty(k + "data", "0"));
            s.network = Long.parseLong(p.getProperty(k + "network", "0"));
        }
    }

    private static void put(Properties p, String key, LocalDateTime t) {
        if (t != null) p.setProperty(key, t.toString());
    }

    private static LocalDateTime time(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? null : LocalDateTime.parse(v);
    }
}
