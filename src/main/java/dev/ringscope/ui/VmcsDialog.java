package dev.ringscope.ui;

import dev.ringscope.vmm.VmcsControls;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** The VMCS execution controls as check boxes (and the two bitmaps as text), for the hardware-assisted VMM. */
final class VmcsDialog extends Dialog<VmcsControls> {

    private static final String[][] SWITCHES = {
        {"external-interrupt-exiting", "external interrupts exit (pin-based bit 0)"},
        {"interrupt-window-exiting", "interrupt-window exiting (primary bit 2)"},
        {"hlt-exiting", "HLT exits (primary bit 7)"},
        {"invlpg-exiting", "INVLPG exits (primary bit 9)"},
        {"rdtsc-exiting", "RDTSC exits (primary bit 12)"},
        {"cr3-load-exiting", "CR3 loads exit (primary bit 15)"},
        {"cr3-store-exiting", "CR3 reads exit (primary bit 16)"},
        {"unconditional-io-exiting", "every I/O instruction exits (primary bit 24)"},
        {"ept", "EPT: nested paging instead of shadow page tables (secondary bit 1)"},
        {"descriptor-table-exiting", "descriptor-table instructions exit (secondary bit 2)"},
    };

    VmcsDialog(VmcsControls current) {
        setTitle("VMCS execution controls");
        setHeaderText("What makes the guest exit to the VMM. Changing them runs the program again.");
        GridPane grid = new GridPane();
        grid.getStyleClass().add("vmcs-dialog");
        List<CheckBox> boxes = new ArrayList<>();
        List<String> now = current.describe();
        int row = 0;
        for (String[] s : SWITCHES) {
            CheckBox box = new CheckBox(s[1]);
            box.setSelected(now.contains(s[0] + "=on"));
            box.setUserData(s[0]);
            boxes.add(box);
            grid.add(box, 0, row++, 2, 1);
        }
        TextField exceptions = new TextField(String.format("0x%X", current.exceptionBitmap()));
        grid.add(new Label("exception bitmap"), 0, row);
        grid.add(exceptions, 1, row++);
        TextField io = new TextField(current.useIoBitmaps() ? ports(current) : "");
        io.setPromptText("ports that exit, e.g. 0x20-0x21+0x3f8 (empty: no I/O bitmaps)");
        grid.add(new Label("I/O bitmap"), 0, row);
        grid.add(io, 1, row);
        Label error = new Label();
        error.getStyleClass().add("error");
        grid.add(error, 0, row + 1, 2, 1);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        getDialogPane().lookupButton(ButtonType.OK).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                build(current, boxes, exceptions.getText(), io.getText());
                error.setText("");
            } catch (IllegalArgumentException ex) {
                error.setText(ex.getMessage()); // stay open, say what is wrong
                e.consume();
            }
        });
        setResultConverter(b -> b == ButtonType.OK ? build(current, boxes, exceptions.getText(), io.getText()) : null);
    }

    private static VmcsControls build(VmcsControls base, List<CheckBox> boxes, String exceptions, String io) {
        StringBuilder spec = new StringBuilder();
        for (CheckBox b : boxes) {
            spec.append(b.getUserData()).append('=').append(b.isSelected() ? "on" : "off").append(',');
        }
        spec.append("exception-bitmap=").append(exceptions.trim());
        VmcsControls c = base.with(spec.toString());
        if (io.isBlank()) {
            return c.with("use-io-bitmaps=off");
        }
        return c.with("io-bitmap=" + io.trim());
    }

    private static String ports(VmcsControls c) {
        StringBuilder sb = new StringBuilder();
        for (int p : c.ioBitmap()) {
            sb.append(sb.length() == 0 ? "" : "+").append(String.format("0x%X", p));
        }
        return sb.toString();
    }
}
