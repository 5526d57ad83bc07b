/**
 * Presentation mode: RingScope on a projector in front of a lecture hall.
 *
 * <ul>
 *   <li>{@link dev.ringscope.ui.present.Presentation} — the mode itself: F5 enters (full screen), Esc leaves; the
 *       clicker keys; blanking; the hooks a lesson player takes over ({@link dev.ringscope.ui.present.Presentation.Advancer},
 *       {@link dev.ringscope.ui.present.Presentation.Script}).</li>
 *   <li>{@link dev.ringscope.ui.present.ClickerKeys} — what a presentation remote sends, and what each key means.</li>
 *   <li>{@link dev.ringscope.ui.present.ProjectorLayout} — the projector layout: the current instruction on top, the
 *       rings, the narration beside them; sizes in assets/css/present.css (1em = 1/30 of the screen height).</li>
 *   <li>{@link dev.ringscope.ui.present.AnnotationLayer} — the pointer and the ink drawn over the view.</li>
 *   <li>{@link dev.ringscope.ui.present.PresenterView} — the lecturer's window: notes, next step, elapsed time,
 *       the step list.</li>
 *   <li>{@link dev.ringscope.ui.present.Step}, {@link dev.ringscope.ui.present.NarratedScript},
 *       {@link dev.ringscope.ui.present.RingChangeAdvancer} — what a step shows and how to move, until lessons
 *       provide their own.</li>
 * </ul>
 *
 * The package knows the window only as a {@link javafx.scene.layout.BorderPane} whose parts it borrows while
 * presenting, and the rings only as a node: the main window hands both in.
 */
package dev.ringscope.ui.present;
