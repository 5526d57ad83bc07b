package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import dev.ringscope.replay.Playback;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.trace.Trace;
import dev.ringscope.vmm.BinaryTranslation;
import dev.ringscope.vmm.ExitReason;
import dev.ringscope.vmm.RunSetup;
import dev.ringscope.vmm.Technique;
import dev.ringscope.vmm.TranslatedBlock;
import dev.ringscope.vmm.VirtualMachine;
import dev.ringscope.vmm.VmcsControls;
import dev.ringscope.vmm.Vmm;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * What the VMM is doing, for the technique on screen: under hardware assist the VMCS (controls, the
 * last exit with its qualification decoded); under binary translation the translated block beside
 * the guest block it came from; under every VMM the counts of what it did so far. Natively it says
 * there is no VMM.
 */
final class VmmPanel extends VBox {

    /** How far back to look for the last VM exit before the cursor (events). */
    private static final long LOOK_BACK = 200_000;

    private final Playback playback;
    private final RunSetup setup;
    private final Label heading = new Label();
    private final Label summary = new Label();
    private final GridPane counts = new GridPane();
    private final VBox detail = new VBox();

    VmmPanel(Playback playback, RunSetup setup) {
        this.playback = playback;
        this.setup = setup;
        getStyleClass().add("vmm-panel");
        heading.getStyleClass().add("vmm-heading");
        summary.setWrapText(true);
        summary.getStyleClass().add("vmm-summary");
        counts.getStyleClass().add("vmm-counts");
        detail.getStyleClass().add("vmm-detail");
        getChildren().addAll(heading, summary, counts, detail);
        heading.setText(setup.technique().title() + (setup.strictIsa() ? " — strict ISA" : "") + " — "
                + setup.cost().name() + " costs");
        summary.setText(setup.technique().summary() + ".");
    }

    String headingText() {
        return heading.getText();
    }

    void show(MachineView view) {
        int row = 0;
        if (setup.technique() == Technique.NATIVE) {
            detail.getChildren().setAll(text("No VMM: the guest owns the machine. Choose a technique above to run it "
                    + "under one."));
            return;
        }
        row = count(row, "instructions the VMM carried out", view.counts().getOrDefault(EventKind.EMULATED_INSTRUCTION, 0L));
        row = count(row, "VM exits", view.counts().getOrDefault(EventKind.VM_EXIT, 0L));
        row = count(row, "hypercalls", view.counts().getOrDefault(EventKind.HYPERCALL, 0L));
        row = count(row, "blocks translated", view.counts().getOrDefault(EventKind.BLOCK_TRANSLATED, 0L));
        row = count(row, "translations invalidated", view.counts().getOrDefault(EventKind.TRANSLATION_INVALIDATED, 0L));
        count(row, "virtualization holes", view.counts().getOrDefault(EventKind.VIRTUALIZATION_HOLE, 0L));
        switch (setup.technique()) {
            case HARDWARE_ASSISTED -> showVmcs(view);
            case BINARY_TRANSLATION -> showTranslation(view);
            default -> detail.getChildren().setAll(text(setup.technique() == Technique.PARAVIRTUAL
                    ? "The guest kernel runs in ring 1 and calls the hypervisor with int 0x82; its interrupt flag is a "
                    + "byte in the shared page (the virtual CPU column beside the registers)."
                    : "The guest kernel runs in ring 1; its privileged instructions trap to the VMM in ring 0, which "
                    + "emulates them on the virtual CPU (the column beside the registers)."
                    + (setup.strictIsa() ? "" : " On the x86 rules the sensitive-but-unprivileged instructions do "
                    + "not trap: each divergence is a virtualization hole.")));
        }
    }

    /** The counter rows, made once and then only given new values (a view is shown at every frame of playing). */
    private final java.util.List<Label> countValues = new java.util.ArrayList<>();

    private int count(int row, String what, long n) {
        if (row == countValues.size()) {
            Label name = new Label(what);
            Label value = new Label();
            value.getStyleClass().add("register-value");
            counts.add(name, 0, row);
            counts.add(value, 1, row);
            countValues.add(value);
        }
        countValues.get(row).setText(String.format(Locale.ROOT, "%,d", n));
        return row + 1;
    }

    private static Label text(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        return l;
    }

    // ---------------------------------------------------------------- VT-x: the VMCS

    private GridPane vmcsGrid;
    private Label exitReason;
    private Label exitQualification;
    private Label exitDecoded;
    private Label exitGuestEip;
    private Label exitLength;
    /** The VMCS rows by field, name and value labels, to carry a lesson step's mark. */
    private final java.util.Map<dev.ringscope.lesson.VmcsFieldName, Label[]> fieldRows =
            new java.util.EnumMap<>(dev.ringscope.lesson.VmcsFieldName.class);
    /** Guest-state fields shown from the guest's registers when a lesson step asks for them. */
    private static final java.util.Map<dev.ringscope.lesson.VmcsFieldName, dev.ringscope.trace.ArchRegister> GUEST_STATE =
            java.util.Map.of(dev.ringscope.lesson.VmcsFieldName.GUEST_RSP, dev.ringscope.trace.ArchRegister.ESP,
                    dev.ringscope.lesson.VmcsFieldName.GUEST_RFLAGS, dev.ringscope.trace.ArchRegister.EFLAGS,
                    dev.ringscope.lesson.VmcsFieldName.GUEST_CR0, dev.ringscope.trace.ArchRegister.CR0,
                    dev.ringscope.lesson.VmcsFieldName.GUEST_CR3, dev.ringscope.trace.ArchRegister.CR3,
                    dev.ringscope.lesson.VmcsFieldName.GUEST_CS, dev.ringscope.trace.ArchRegister.CS,
                    dev.ringscope.lesson.VmcsFieldName.GUEST_SS, dev.ringscope.trace.ArchRegister.SS,
                    dev.ringscope.lesson.VmcsFieldName.GUEST_GDTR_BASE, dev.ringscope.trace.ArchRegister.GDTR_BASE,
                    dev.ringscope.lesson.VmcsFieldName.GUEST_IDTR_BASE, dev.ringscope.trace.ArchRegister.IDTR_BASE,
                    dev.ringscope.lesson.VmcsFieldName.GUEST_TR, dev.ringscope.trace.ArchRegister.TR);
    private java.util.Set<dev.ringscope.lesson.VmcsFieldName> highlighted = java.util.Set.of();
    private int vmcsRows;

    /** Marks VMCS fields a lesson step talks about (shown on the next {@link #show}). */
    void highlight(java.util.Set<dev.ringscope.lesson.VmcsFieldName> fields) {
        highlighted = java.util.Set.copyOf(fields);
    }

    /** The fields whose rows carry the lesson mark now. */
    java.util.Set<dev.ringscope.lesson.VmcsFieldName> markedFields() {
        java.util.Set<dev.ringscope.lesson.VmcsFieldName> out = java.util.EnumSet.noneOf(dev.ringscope.lesson.VmcsFieldName.class);
        fieldRows.forEach((f, labels) -> {
            if (labels[1].getStyleClass().contains("lesson-highlight")) {
                out.add(f);
            }
        });
        return out;
    }

    private void showVmcs(MachineView view) {
        if (vmcsGrid == null) {
            VmcsControls c = setup.controls();
            vmcsGrid = new GridPane();
            vmcsGrid.getStyleClass().add("vmcs");
            field(dev.ringscope.lesson.VmcsFieldName.PIN_BASED_CONTROLS, "pin-based controls").setText(String.format("%08X", c.pinBased()));
            field(dev.ringscope.lesson.VmcsFieldName.PRIMARY_CONTROLS, "primary controls").setText(String.format("%08X", c.primary()));
            field(dev.ringscope.lesson.VmcsFieldName.SECONDARY_CONTROLS, "secondary controls")
                    .setText(String.format("%08X", c.secondary()));
            field(dev.ringscope.lesson.VmcsFieldName.EXCEPTION_BITMAP, "exception bitmap")
                    .setText(String.format("%08X", c.exceptionBitmap()));
            pair(vmcsGrid, vmcsRows++, "memory", c.ept() ? "EPT (nested paging)" : "shadow page tables");
            exitReason = field(dev.ringscope.lesson.VmcsFieldName.EXIT_REASON, "last exit reason");
            exitQualification = field(dev.ringscope.lesson.VmcsFieldName.EXIT_QUALIFICATION, "qualification");
            exitDecoded = value(vmcsGrid, vmcsRows++, "");
            exitGuestEip = field(dev.ringscope.lesson.VmcsFieldName.GUEST_RIP, "guest RIP");
            exitLength = field(dev.ringscope.lesson.VmcsFieldName.EXIT_INSTRUCTION_LENGTH, "exit instruction length");
            Label controls = text(String.join("  ", c.describe()));
            controls.getStyleClass().add("vmcs-controls");
            detail.getChildren().setAll(vmcsGrid, controls);
        }
        Event.VmExit last = lastExit(view);
        exitReason.setText(last == null ? "none yet" : last.reason() + " " + last.reasonName());
        exitQualification.setText(last == null ? "" : String.format("%08X", last.qualification()));
        exitDecoded.setText(last == null ? "" : decode(last));
        exitGuestEip.setText(last == null ? "" : String.format("%08X", last.guestEip()));
        exitLength.setText(last == null ? "" : instructionLength(last, view));
        for (var f : highlighted) {
            if (!fieldRows.containsKey(f)) {
                field(f, f.name().toLowerCase(Locale.ROOT).replace('_', ' ')); // a field asked for: its row, once
            }
        }
        GUEST_STATE.forEach((f, r) -> {
            if (fieldRows.containsKey(f)) {
                Integer v = view.registers().get(r);
                fieldRows.get(f)[1].setText(v == null ? "—" : String.format("%08X", v));
            }
        });
        fieldRows.forEach((f, labels) -> {
            if (!GUEST_STATE.containsKey(f) && labels[1].getText().isEmpty() && highlighted.contains(f) && isUnmodelled(f)) {
                labels[1].setText("not modelled by RingScope's VMCS");
            }
            for (Label l : labels) {
                StyleClasses.mark(l, "lesson-highlight", highlighted.contains(f));
            }
        });
    }

    private static boolean isUnmodelled(dev.ringscope.lesson.VmcsFieldName f) {
        return switch (f) {
            case HOST_RIP, HOST_CR3, IO_BITMAPS, EXIT_INTERRUPTION_INFO, ENTRY_INTERRUPTION_INFO, TPR_THRESHOLD -> true;
            default -> false;
        };
    }

    private Label field(dev.ringscope.lesson.VmcsFieldName f, String name) {
        Label n = new Label(name);
        Label v = new Label();
        v.getStyleClass().add("register-value");
        vmcsGrid.add(n, 0, vmcsRows);
        vmcsGrid.add(v, 1, vmcsRows++);
        fieldRows.put(f, new Label[] {n, v});
        return v;
    }

    /**
     * The VM-exit instruction length (SDM Vol. 3C 28.2.5): for an exit caused by an instruction, that
     * instruction's length, here the length of the guest instruction at the exit's guest RIP when it is the one
     * on screen.
     */
    private static String instructionLength(Event.VmExit exit, MachineView view) {
        if (view.current() != null && view.current().eip() == exit.guestEip()) {
            int n = view.current().bytes().length;
            return n + (n == 1 ? " byte" : " bytes");
        }
        return "";
    }

    private static Label value(GridPane g, int row, String name) {
        Label n = new Label(name);
        Label v = new Label();
        v.getStyleClass().add("register-value");
        g.add(n, 0, row);
        g.add(v, 1, row);
        return v;
    }

    private static int pair(GridPane g, int row, String name, String value) {
        Label n = new Label(name);
        Label v = new Label(value);
        v.getStyleClass().add("register-value");
        g.add(n, 0, row);
        g.add(v, 1, row);
        return row + 1;
    }

    /** The qualification in words, for the two layouts the SDM tabulates (Tables 28-3 and 28-5). */
    static String decode(Event.VmExit e) {
        long q = e.qualification();
        if (e.reason() == ExitReason.CR_ACCESS) {
            String[] type = {"mov to CR", "mov from CR", "clts", "lmsw"};
            String[] regs = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};
            return String.format("CR%d, %s, %s", q & 0xF, type[(int) (q >>> 4) & 3], regs[(int) (q >>> 8) & 7]);
        }
        if (e.reason() == ExitReason.IO_INSTRUCTION) {
            return String.format("%s, %d byte%s, port %04X%s%s", (q & 8) != 0 ? "in" : "out", (q & 7) + 1,
                    (q & 7) == 0 ? "" : "s", q >>> 16, (q & 64) != 0 ? ", immediate port" : ", port in DX",
                    (q & 16) != 0 ? ", string" : "");
        }
        if (e.reason() == ExitReason.EXCEPTION_OR_NMI && q != 0) {
            return String.format("page fault address %08X", q);
        }
        return "";
    }

    private Event.VmExit lastExit(MachineView view) {
        Trace trace = playback.trace();
        long i = trace.lastIndexOf(EventKind.VM_EXIT, view.position(), LOOK_BACK);
        return i < 0 ? null : (Event.VmExit) trace.get(i);
    }

    // ---------------------------------------------------------------- BT: the block beside its translation

    private void showTranslation(MachineView view) {
        Vmm vmm = playback.machine().map(VirtualMachine::vmm).orElse(null);
        if (!(vmm instanceof BinaryTranslation bt) || view.current() == null || view.ring() == 3) {
            shownBlock = null;
            detail.getChildren().setAll(text(view.ring() == 3
                    ? "User code runs directly: nothing to translate in ring 3."
                    : "The translated block appears here when the guest kernel runs."));
            return;
        }
        TranslatedBlock block = bt.translationFor(view.current().eip());
        if (block == null) {
            shownBlock = null;
            detail.getChildren().setAll(text("No translation holds this address."));
            return;
        }
        if (block != shownBlock) {
            shownBlock = block;
            shownRows.clear();
            GridPane g = new GridPane();
            g.getStyleClass().add("translation");
            Label title = new Label(String.format("guest block %08X (%d bytes)  →  translation cache %08X (%d bytes)",
                    block.guestAddress(), block.guestLength(), block.cacheAddress(), block.cacheLength()));
            title.getStyleClass().add("translation-title");
            int row = 0;
            for (TranslatedBlock.Entry e : block.entries()) {
                Label guest = new Label(String.format("%08X  %s", e.guestAddress(), e.guestText()));
                Label kind = new Label(e.kind().name());
                Label translated = new Label(e.translated());
                guest.getStyleClass().add("translation-guest");
                kind.getStyleClass().addAll("translation-kind", "kind-" + e.kind().name().toLowerCase(Locale.ROOT));
                translated.getStyleClass().add("translation-code");
                g.add(guest, 0, row);
                g.add(kind, 1, row);
                g.add(translated, 2, row);
                shownRows.add(new Label[] {guest, translated});
                row++;
            }
            detail.getChildren().setAll(title, g);
        }
        java.util.List<TranslatedBlock.Entry> entries = block.entries();
        for (int i = 0; i < entries.size(); i++) {
            boolean current = entries.get(i).guestAddress() == view.current().eip();
            for (Label l : shownRows.get(i)) {
                if (current != l.getStyleClass().contains("current")) {
                    if (current) {
                        l.getStyleClass().add("current");
                    } else {
                        l.getStyleClass().remove("current");
                    }
                }
            }
        }
    }

    /** The translated block on screen and its rows (guest, translation), so a step inside it only moves the mark. */
    private TranslatedBlock shownBlock;
    private final java.util.List<Label[]> shownRows = new java.util.ArrayList<>();
}
