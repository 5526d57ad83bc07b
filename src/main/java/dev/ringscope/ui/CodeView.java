package dev.ringscope.ui;

import dev.ringscope.asm.Program;
import dev.ringscope.isa.Disassembler;
import dev.ringscope.replay.Breakpoint;
import dev.ringscope.replay.CurrentInstruction;
import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Playback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.BorderPane;

/**
 * The code around the current instruction: address, bytes, where the line came from and its text,
 * with the current instruction marked and kept in view, and a gutter of breakpoints.
 *
 * <p>With a {@link Program} every line that emitted bytes is a row, labels above the lines they
 * name. Under the mini OS's paging a user program runs at its linked addresses, so
 * {@link Program#lineAt} finds the line for kernel and user code alike; an ELF program's code is
 * its disassembly, each line placed by function ({@code main+0x1c}). Without a program (an image
 * or a trace was loaded) the rows are a disassembly of the instructions the shown views retired,
 * remembered by address, so the listing grows as the run goes.
 *
 * <p>A click in the gutter adds or removes {@link Breakpoint#at} that address on the
 * {@link Playback}; the dots follow the playback's breakpoints whenever a view is shown. The list is
 * virtualized: only the visible rows have cells.
 */
final class CodeView extends BorderPane {

    /** The disassembly remembers at most this many instructions, dropping the farthest from EIP. */
    static final int DISASSEMBLY_LIMIT = 20_000;

    private final Program program;
    private final Playback playback;
    private final ObservableList<CodeLine> lines = FXCollections.observableArrayList();
    private final ListView<CodeLine> list = new ListView<>(lines);
    private final Label header = new Label();
    private final ReadOnlyIntegerWrapper currentRow = new ReadOnlyIntegerWrapper(-1);
    private final ObservableSet<Integer> breakpoints = FXCollections.observableSet();
    // One wrapper, kept: a wrapper listens to the set only weakly, so a fresh one per call would vanish.
    private final ObservableSet<Integer> breakpointsShown = FXCollections.unmodifiableObservableSet(breakpoints);
    /** Rows a lesson step talks about (a label's row and its first instruction's). */
    private final ObservableSet<Integer> highlighted = FXCollections.observableSet();
    private final ObservableSet<Integer> highlightedShown = FXCollections.unmodifiableObservableSet(highlighted);
    /** Program rows with bytes, by address: where to look an EIP up. */
    private final int[] codeRows;
    private final String title;

    /**
     * @param program  the assembled program being run, or null when only an image or trace is loaded
     * @param playback where breakpoints set in the gutter go
     */
    CodeView(Program program, Playback playback) {
        this.program = program;
        this.playback = Objects.requireNonNull(playback, "playback");
        getStyleClass().add("code-view");
        header.getStyleClass().add("code-header");
        list.getStyleClass().add("code-list");
        list.setCellFactory(v -> new CodeCell(this));
        if (program != null) {
            lines.setAll(programLines(program));
            codeRows = rowsWithBytes(lines);
            title = program.name() + (program.userPages().isEmpty() ? " — source"
                    : " — disassembly (no source in an ELF file) and the mini OS's source");
        } else {
            codeRows = new int[0];
            title = "disassembly of the instructions run so far";
        }
        header.setText(title);
        // A view shown before the list had a skin could not scroll it yet.
        list.skinProperty().addListener((o, a, b) -> keepInView(currentRow.get()));
        setTop(header);
        setCenter(list);
        syncBreakpoints();
    }

    /** Marks the view's current instruction and scrolls it into view. */
    void show(MachineView view) {
        syncBreakpoints();
        CurrentInstruction current = view.current();
        if (current == null) {
            currentRow.set(-1);
            header.setText(title);
            return;
        }
        int row = program != null ? programRow(current.eip()) : disassemblyRow(current);
        boolean moved = row != currentRow.get();
        currentRow.set(row);
        header.setText(row < 0 ? String.format("%s   (EIP %08X has no source line)", title, current.eip()) : title);
        if (moved) {
            keepInView(row); // the same row (a loop's step on the spot, a rep string) is in view already
        }
    }

    /**
     * Marks the lines at {@code addresses} (a lesson step's "code" highlights) and scrolls the first into view;
     * returns the rows marked (an address with no line marks nothing).
     */
    Set<Integer> highlight(Set<Long> addresses) {
        Set<Integer> rows = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (addresses.contains(Integer.toUnsignedLong(lines.get(i).address()))) {
                rows.add(i);
            }
        }
        highlighted.retainAll(rows);
        highlighted.addAll(rows);
        rows.stream().min(Integer::compare).ifPresent(this::keepInView);
        return Set.copyOf(rows);
    }

    /** The rows a lesson step marks. */
    ObservableSet<Integer> highlightedRows() {
        return highlightedShown;
    }

    /** Adds {@code Breakpoint.at(address)} to the playback, or removes it if it is there. */
    void toggleBreakpoint(int address) {
        Breakpoint b = Breakpoint.at(address);
        if (!playback.removeBreakpoint(b)) {
            playback.addBreakpoint(b);
        }
        syncBreakpoints();
    }

    /** The rows shown (read-only). */
    List<CodeLine> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** The row of the current instruction, -1 if none (before the first, or no source line for it). */
    ReadOnlyIntegerProperty currentRowProperty() {
        return currentRow.getReadOnlyProperty();
    }

    /** The current instruction's row, or null. */
    CodeLine currentLine() {
        int row = currentRow.get();
        return row < 0 ? null : lines.get(row);
    }

    /** The row the user selected (clicked), or null. */
    CodeLine currentSelection() {
        return list.getSelectionModel().getSelectedItem();
    }

    /** Addresses with a breakpoint (a view of the playback's, as of the last show or toggle). */
    ObservableSet<Integer> breakpointAddresses() {
        return breakpointsShown;
    }

    /** Scrolls so that {@code row} is visible (the gutter of a line can then be clicked). */
    void reveal(int row) {
        keepInView(row);
    }

    /** The program shown, or null (an image or a trace). */
    Program program() {
        return program;
    }

    ListView<CodeLine> listView() {
        return list;
    }

    // ---------------------------------------------------------------- with a program

    private static List<CodeLine> programLines(Program program) {
        Map<Long, List<String>> labels = labelsByAddress(program);
        CodeLocations locations = new CodeLocations(program);
        dev.ringscope.asm.Symbols symbols = dev.ringscope.asm.Symbols.of(program);
        List<CodeLine> rows = new ArrayList<>(program.sourceMap().size() + labels.size());
        for (Program.SourceMapEntry e : program.sourceMap()) {
            List<String> names = labels.remove(e.address());
            if (names != null) {
                names.stream().filter(n -> !e.text().strip().startsWith(n + ":")) // the line says it already
                        .forEach(n -> rows.add(CodeLine.label((int) e.address(), n)));
            }
            rows.add(CodeLine.of(program, e, e.pos().line() == 0 ? disassembled(symbols, e) : locations.of(e)));
        }
        return rows;
    }

    /** An ELF program's line has no source: where it is, by function ({@code sha256_final+0x1c}). */
    private static String disassembled(dev.ringscope.asm.Symbols symbols, Program.SourceMapEntry e) {
        String name = symbols.nameOf(e.address());
        return name == null ? e.pos().file() : name;
    }

    /**
     * Symbols naming the start of a line. The program does not tell labels from {@code equ}
     * constants; the samples spell constants in capitals, so names without a lower-case letter are
     * left out, and so are a macro's local labels ({@code ..@12.loop}), which the reader never wrote.
     */
    private static Map<Long, List<String>> labelsByAddress(Program program) {
        Set<Long> starts = program.sourceMap().stream().map(Program.SourceMapEntry::address)
                .collect(Collectors.toCollection(HashSet::new));
        Map<Long, List<String>> labels = new TreeMap<>();
        program.symbols().entrySet().stream()
                .filter(s -> starts.contains(s.getValue()) && dev.ringscope.asm.Symbols.isName(s.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(s -> labels.computeIfAbsent(s.getValue(), k -> new ArrayList<>()).add(s.getKey()));
        return labels;
    }

    private static int[] rowsWithBytes(List<CodeLine> rows) {
        int n = 0;
        int[] out = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isLabel()) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The row whose bytes contain {@code eip}, or -1. */
    private int programRow(int eip) {
        long address = Integer.toUnsignedLong(eip);
        int lo = 0;
        int hi = codeRows.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            CodeLine line = lines.get(codeRows[mid]);
            long start = Integer.toUnsignedLong(line.address());
            if (address < start) {
                hi = mid - 1;
            } else if (address >= start + line.length()) {
                lo = mid + 1;
            } else {
                return codeRows[mid];
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- without a program

    private static final Comparator<CodeLine> BY_ADDRESS =
            Comparator.comparingLong(l -> Integer.toUnsignedLong(l.address()));

    /** Remembers the instruction (its bytes replace older ones at that address) and returns its row. */
    private int disassemblyRow(CurrentInstruction current) {
        byte[] bytes = current.bytes();
        CodeLine line = new CodeLine(current.eip(), bytes, bytes.length, "", disassemble(bytes, current.eip()));
        int at = Collections.binarySearch(lines, line, BY_ADDRESS);
        if (at >= 0) {
            if (!Arrays.equals(lines.get(at).bytes(), line.bytes()) || lines.get(at).length() != line.length()) {
                lines.set(at, line); // code rewritten, or another task's code at the same address
            }
        } else {
            at = -at - 1;
            lines.add(at, line);
            if (lines.size() > DISASSEMBLY_LIMIT) {
                at = dropFarthest(at);
            }
        }
        return at;
    }

    /** Drops the first or last row, whichever is farther from row {@code at}; returns at's new index. */
    private int dropFarthest(int at) {
        if (at > lines.size() - 1 - at) {
            lines.remove(0);
            return at - 1;
        }
        lines.remove(lines.size() - 1);
        return at;
    }

    private static String disassemble(byte[] bytes, int eip) {
        return Disassembler.disassemble(bytes, Integer.toUnsignedLong(eip)).stream()
                .map(Disassembler.Line::text).collect(Collectors.joining("; "));
    }

    // ---------------------------------------------------------------- breakpoints and scrolling

    private void syncBreakpoints() {
        Set<Integer> now = new HashSet<>();
        for (Breakpoint b : playback.breakpoints()) {
            if (b instanceof Breakpoint.AtAddress at) {
                now.add(at.eip());
            }
        }
        if (!now.equals(breakpoints)) {
            breakpoints.retainAll(now);
            breakpoints.addAll(now);
        }
    }

    /** Scrolls only when the row is not already well inside the viewport, then puts it a third down. */
    private void keepInView(int row) {
        if (row < 0 || row >= lines.size()) {
            return;
        }
        if (list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow && flow.getFirstVisibleCell() != null
                && flow.getLastVisibleCell() != null) {
            int first = flow.getFirstVisibleCell().getIndex();
            int last = flow.getLastVisibleCell().getIndex();
            if (row > first && row < last) {
                return;
            }
            list.scrollTo(Math.max(0, row - (last - first) / 3));
        } else {
            list.scrollTo(Math.max(0, row - 5));
        }
    }
}
