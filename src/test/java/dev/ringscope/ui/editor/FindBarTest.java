package dev.ringscope.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Find and replace in the editor: the next match wraps round, case is matched on request, replace all is one undo. */
@ExtendWith(ApplicationExtension.class)
class FindBarTest {

    private CodeArea area;
    private FindBar bar;

    @Start
    void start(Stage stage) {
        area = new CodeArea();
        area.replaceText("mov eax, 1\nMOV ebx, eax\nmov ecx, eax\n");
        area.getUndoManager().forgetHistory();
        bar = new FindBar(area);
        stage.setScene(new Scene(new VBox(bar, area), 400, 300));
        stage.show();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(10, TimeUnit.SECONDS);
    }

    @Test
    void nextFindsTheFollowingMatchAndWrapsRound() throws Exception {
        assertTrue(fx(() -> {
            bar.open(false);
            bar.findField().setText("eax");
            area.moveTo(0);
            return bar.next();
        }));
        assertEquals(4, fx(() -> area.getSelection().getStart()));
        fx(bar::next);
        fx(bar::next);
        assertEquals(33, fx(() -> area.getSelection().getStart()), "the third eax");
        fx(bar::next);
        assertEquals(4, fx(() -> area.getSelection().getStart()), "and round to the first");
        assertFalse(fx(() -> {
            bar.findField().setText("edx");
            return bar.next();
        }), "no match is said, not selected");
    }

    @Test
    void replaceAllIgnoresCaseUnlessAskedAndIsOneUndo() throws Exception {
        int n = fx(() -> {
            bar.open(true);
            bar.findField().setText("mov");
            bar.replaceField().setText("xchg");
            return bar.replaceAll();
        });
        assertEquals(3, n, "MOV too: case is not matched by default");
        assertEquals("xchg eax, 1\nxchg ebx, eax\nxchg ecx, eax\n", fx(area::getText));
        fx(() -> {
            area.undo();
            return null;
        });
        assertEquals("mov eax, 1\nMOV ebx, eax\nmov ecx, eax\n", fx(area::getText), "one Ctrl+Z undoes it all");
    }
}
