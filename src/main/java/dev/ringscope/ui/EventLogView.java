package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Trace;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.css.PseudoClass;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;

/**
 * Every event of the run so far, one line each, filtered by kind and by a search. The table holds
 * only the sequence numbers of the rows ({@link EventLogRows}) and makes an event's text when its row
 * is on screen, so a run of millions of events scrolls as fast as a short one. The row of the event
 * playback is at (or the last shown one before it) is marked; choosing a row asks to seek there.
 */
final class EventLogView extends VBox {

    /** Shown until the user chooses: all but the kinds every instruction makes. */
    static final Set<EventKind> DEFAULT_KINDS = EnumSet.complementOf(
            EnumSet.of(EventKind.INSTRUCTION_RETIRED, EventKind.REGISTER_WRITE, EventKind.MEMORY_ACCESS));

    /** The rows a new log starts with, for {@code trace} as it is now; any thread, before a view shows them. */
    static EventLogRows defaultRows(Trace trace) {
        EventLogRows rows = new EventLogRows(trace);
        rows.setFilter(DEFAULT_KINDS, "");
        return rows;
    }

    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");

    private final Trace trace;
    private final LongConsumer onSeek;
    private final EventLogRows rows;
    private final TableView<Long> table;
    private final CheckComboBox<EventKind> kinds = new CheckComboBox<>();
    private final TextField search = new TextField();
    private final CheckBox follow = new CheckBox("Follow");
    private final Label count = new Label();
    /** The row marked as where playback is, -1 for none; rows restyle themselves when it changes. */
    private final SimpleIntegerProperty currentRow = new SimpleIntegerProperty(-1);
    /** Set while the view itself changes the selection, which is then no request to seek. */
    private boolean updating;

    /**
     * @param trace  the run's events ({@code playback.trace()}); a live run's grows, {@link #show} catches up
     * @param onSeek called with the seq of the event the user chose
     */
    EventLogView(Trace trace, LongConsumer onSeek) {
        this(trace, null, onSeek);
    }

    /**
     * @param prepared the rows for {@link #DEFAULT_KINDS}, made ahead (off the JavaFX thread, while a trace
     *             loads: {@link #defaultRows}), or null to make them here
     */
    EventLogView(Trace trace, EventLogRows prepared, LongConsumer onSeek) {
        this.trace = trace;
        this.onSeek = onSeek;
        this.rows = prepared == null ? defaultRows(trace) : prepared;
        getStyleClass().add("event-log");
        table = new TableView<>(rows);
        table.getStyleClass().add("event-log-table");
        table.getColumns().setAll(column("#", 80, seq -> String.format("%,d", seq), "event-log-number"),
                column("Cycle", 100, seq -> String.format("%,d", trace.cycleAt(seq)), "event-log-number"),
                column("Kind", 150, seq -> EventLogDescription.kindLabel(trace.kindAt(seq)), "event-log-kind"),
                column("Event", 520, seq -> EventLogDescription.of(trace.get(seq), rows.names), "event-log-description"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        table.setRowFactory(t -> new Row());
        table.setPlaceholder(new Label("No events match."));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, seq) -> {
            if (!updating && seq != null) {
                onSeek.accept(seq);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(filterBar(), table);
        updateCount();
    }

    private HBox filterBar() {
        kinds.getItems().setAll(EventKind.values());
        kinds.setConverter(new StringConverter<>() {
            @Override
            public String toString(EventKind kind) {
                return kind == null ? "" : EventLogDescription.kindLabel(kind);
            }

            @Override
            public EventKind fromString(String text) {
                throw new UnsupportedOperationException();
            }
        });
        kinds.setTitle("Kinds");
        for (EventKind kind : DEFAULT_KINDS) {
            kinds.getCheckModel().check(kind);
        }
        kinds.getCheckModel().getCheckedItems().addListener(
                (javafx.collections.ListChangeListener<EventKind>) c -> applyFilter());
        search.setPromptText("Search");
        search.getStyleClass().add("event-log-search");
        search.textProperty().addListener((o, a, b) -> applyFilter());
        follow.setSelected(true);
        count.getStyleClass().add("event-log-count");
        HBox bar = new HBox(kinds, search, follow, count);
        bar.getStyleClass().add("event-log-bar");
        HBox.setHgrow(search, Priority.ALWAYS);
        return bar;
    }

    private TableColumn<Long, String> column(String title, double width, Function<Long, String> text,
                                             String styleClass) {
        TableColumn<Long, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        c.setSortable(false); // the log is in event order; sorting millions of rows is no help
        c.setPrefWidth(width);
        c.getStyleClass().add(styleClass);
        return c;
    }

    /** Catches up with the events recorded since the last call and marks where {@code view} is. */
    void show(MachineView view) {
        updating = true;
        try {
            rows.catchUp();
            long current = view.position() - 1; // the last event folded into the view
            Long selected = table.getSelectionModel().getSelectedItem();
            if (selected != null && selected != current && selected != view.position()) {
                table.getSelectionModel().clearSelection(); // playback moved on from the chosen row
            }
            int row = current < 0 ? -1 : rows.rowAtOrBefore(current);
            if (row != currentRow.get()) {
                currentRow.set(row);
                if (follow.isSelected() && row >= 0 && table.getSelectionModel().getSelectedIndex() != row) {
                    table.scrollTo(Math.max(0, row - 3));
                }
            }
        } finally {
            updating = false;
        }
        updateCount();
    }

    private void applyFilter() {
        updating = true;
        try {
            table.getSelectionModel().clearSelection();
            rows.setFilter(Set.copyOf(kinds.getCheckModel().getCheckedItems()), search.getText());
            currentRow.set(-1);
        } finally {
            updating = false;
        }
        updateCount();
    }

    private void updateCount() {
        count.setText(String.format("%,d of %,d events", rows.size(), trace.size()));
    }

    // ---------------------------------------------------------------- for tests

    TableView<Long> table() {
        return table;
    }

    CheckComboBox<EventKind> kindFilter() {
        return kinds;
    }

    /** Names addresses after the program's functions and labels ({@code 0x08048123 (main+0x13)}), in the text and the search. */
    void useSymbols(dev.ringscope.asm.Symbols symbols) {
        rows.names = symbols::describe;
        table.refresh();
    }

    TextField searchField() {
        return search;
    }

    /** The text of the Event column for {@code row}. */
    String description(int row) {
        return EventLogDescription.of(trace.get(rows.get(row)), rows.names);
    }

    /** A row, marked when it shows the event playback is at. */
    private final class Row extends TableRow<Long> {
        Row() {
            currentRow.addListener((o, a, b) -> mark());
        }

        @Override
        protected void updateItem(Long seq, boolean empty) {
            super.updateItem(seq, empty);
            mark();
        }

        private void mark() {
            pseudoClassStateChanged(CURRENT, !isEmpty() && getIndex() == currentRow.get());
        }
    }
}
