package dev.ringscope.ui;

import dev.ringscope.replay.MachineView;
import dev.ringscope.trace.ArchRegister;
import java.util.EnumMap;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

/**
 * The registers: general ones, EIP, EFLAGS bit by bit, CS and SS with their RPL (the CPL), the
 * control registers and the descriptor-table registers. What the last instruction read and what it
 * wrote are highlighted, in two ways (an outline for read, a fill for written).
 */
final class RegisterPanel extends GridPane {

    private static final ArchRegister[] SHOWN = {
        ArchRegister.EAX, ArchRegister.EBX, ArchRegister.ECX, ArchRegister.EDX, ArchRegister.ESI, ArchRegister.EDI,
        ArchRegister.EBP, ArchRegister.ESP, ArchRegister.EFLAGS, ArchRegister.CS, ArchRegister.SS, ArchRegister.DS,
        ArchRegister.CR0, ArchRegister.CR2, ArchRegister.CR3, ArchRegister.CR4, ArchRegister.GDTR_BASE,
        ArchRegister.IDTR_BASE, ArchRegister.TR};

    private final Map<ArchRegister, Label> values = new EnumMap<>(ArchRegister.class);
    private final Map<ArchRegister, Label> names = new EnumMap<>(ArchRegister.class);
    private java.util.Set<ArchRegister> highlighted = java.util.Set.of();
    private final Label eip = value();
    private final Label flags = value();
    // under a VMM: the guest's virtual CPU beside the real one
    private final Label realHeading = heading("real");
    private final Label virtualHeading = heading("guest sees");
    private final Map<ArchRegister, Label> virtual = new EnumMap<>(ArchRegister.class);
    private final Label virtualFlags = value();
    private final Label cplName = name("cpl");
    private final Label realCpl = value();
    private final Label virtualCpl = value();

    RegisterPanel() {
        getStyleClass().add("register-panel");
        int row = 0;
        add(realHeading, 1, row);
        add(virtualHeading, 2, row++);
        add(name("EIP"), 0, row);
        add(eip, 1, row++);
        add(cplName, 0, row);
        add(realCpl, 1, row);
        add(virtualCpl, 2, row++);
        for (ArchRegister r : SHOWN) {
            Label v = value();
            values.put(r, v);
            Label n = name(r.name().toLowerCase(java.util.Locale.ROOT).replace("_base", ""));
            names.put(r, n);
            add(n, 0, row);
            add(v, 1, row);
            ArchRegister shadow = r == ArchRegister.EFLAGS ? ArchRegister.V_EFLAGS : r == ArchRegister.CS
                    ? ArchRegister.V_CS : r == ArchRegister.SS ? ArchRegister.V_SS : null;
            if (shadow != null) {
                Label g = value();
                virtual.put(shadow, g);
                add(g, 2, row);
            }
            row++;
        }
        add(name("flags"), 0, row);
        add(flags, 1, row);
        add(virtualFlags, 2, row);
        showVirtual(false);
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("register-heading");
        return l;
    }

    private void showVirtual(boolean on) {
        for (Label l : new Label[] {realHeading, virtualHeading, virtualFlags, cplName, realCpl, virtualCpl}) {
            l.setVisible(on);
            l.setManaged(on);
        }
        virtual.values().forEach(l -> {
            l.setVisible(on);
            l.setManaged(on);
        });
    }

    private static Label name(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("register-name");
        return l;
    }

    private static Label value() {
        Label l = new Label("—");
        l.getStyleClass().add("register-value");
        return l;
    }

    /**
     * Marks registers a lesson step talks about (name and value). EIP is the EIP row; a virtual-CPU register
     * (V_EFLAGS, V_CS, V_SS) is its value in the "guest sees" column.
     */
    void highlight(java.util.Set<ArchRegister> registers) {
        highlighted = java.util.Set.copyOf(registers);
        for (ArchRegister r : ArchRegister.values()) {
            for (Label l : new Label[] {values.get(r), names.get(r), virtual.get(r)}) {
                if (l != null) {
                    StyleClasses.mark(l, "lesson-highlight", highlighted.contains(r));
                }
            }
        }
        for (Label l : new Label[] {eip, virtualCpl}) {
            StyleClasses.mark(l, "lesson-highlight", highlighted.contains(l == eip ? ArchRegister.EIP : ArchRegister.V_CPL));
        }
    }

    /** The registers marked, and whether each has a label on screen to carry the mark. */
    java.util.Set<ArchRegister> highlighted() {
        return highlighted;
    }

    /** Whether {@code register}'s row or column carries the lesson mark now. */
    boolean isMarked(ArchRegister register) {
        Label l = register == ArchRegister.EIP ? eip : register == ArchRegister.V_CPL ? virtualCpl : values.containsKey(register) ? values.get(register) : virtual.get(register);
        return l != null && l.getStyleClass().contains("lesson-highlight");
    }

    /** The text shown for a register of the real CPU ("—" when not known yet). */
    String shown(ArchRegister register) {
        Label l = values.get(register);
        return l == null ? null : l.getText();
    }

    void show(MachineView view) {
        eip.setText(view.current() == null ? "—" : String.format("%08X", view.current().eip()));
        java.util.Set<ArchRegister> read = dev.ringscope.replay.RegisterReads.of(view.current());
        for (Map.Entry<ArchRegister, Label> e : values.entrySet()) {
            StyleClasses.mark(e.getValue(), "read", read.contains(e.getKey())); // read by the instruction just executed
            Integer v = view.registers().get(e.getKey());
            Label label = e.getValue();
            label.setText(v == null ? "—" : format(e.getKey(), v));
            boolean written = view.step().registerWrites().containsKey(e.getKey());
            StyleClasses.mark(label, "written", written);
        }
        Integer f = view.registers().get(ArchRegister.EFLAGS);
        flags.setText(f == null ? "—" : flagText(f));
        boolean vmm = view.parties().containsValue(dev.ringscope.trace.Party.VMM)
                && view.registers().getOrDefault(ArchRegister.V_EFLAGS, 0) != 0;
        showVirtual(vmm);
        if (vmm) {
            realCpl.setText(Integer.toString(view.ring()));
            Integer vc = view.registers().get(ArchRegister.V_CPL);
            virtualCpl.setText(vc == null ? "—" : Integer.toString(vc));
            for (Map.Entry<ArchRegister, Label> e : virtual.entrySet()) {
                Integer v = view.registers().get(e.getKey());
                Integer real = view.registers().get(e.getKey() == ArchRegister.V_EFLAGS ? ArchRegister.EFLAGS
                        : e.getKey() == ArchRegister.V_CS ? ArchRegister.CS : ArchRegister.SS);
                Label label = e.getValue();
                label.setText(v == null ? "—" : e.getKey() == ArchRegister.V_EFLAGS ? String.format("%08X", v)
                        : String.format("%04X  (RPL %d)", v & 0xFFFF, v & 3));
                // what the guest believes is not what the hardware holds
                StyleClasses.mark(label, "differs", v != null && !v.equals(real));
            }
            Integer vf = view.registers().get(ArchRegister.V_EFLAGS);
            virtualFlags.setText(vf == null ? "—" : flagText(vf));
        }
    }

    private static String format(ArchRegister r, int v) {
        return switch (r) {
            case CS, SS, DS -> String.format("%04X  (RPL %d)", v & 0xFFFF, v & 3);
            case TR -> String.format("%04X", v & 0xFFFF);
            default -> String.format("%08X", v);
        };
    }

    /** EFLAGS bit by bit (SDM Vol. 1 §3.4.3): set flags in capitals, IOPL as a number. */
    static String flagText(int f) {
        return String.format("%s %s %s %s %s  IOPL=%d", (f & 1) != 0 ? "CF" : "cf", (f & 0x40) != 0 ? "ZF" : "zf",
                (f & 0x80) != 0 ? "SF" : "sf", (f & 0x800) != 0 ? "OF" : "of", (f & 0x200) != 0 ? "IF" : "if",
                (f >>> 12) & 3);
    }
}
