package dev.ringscope.ui.present;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Frames as one animated GIF (GIF89a) that loops forever, each shown {@code delayMs}: the format every
 * browser and slide program plays. Written with the JDK's own GIF writer; the frame delay and the
 * NETSCAPE2.0 looping extension go in each frame's metadata (the GIF89a specification, §23 and the
 * Netscape application extension).
 */
public final class AnimatedGif {

    private AnimatedGif() {
    }

    public static void write(List<BufferedImage> frames, int delayMs, OutputStream out) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("no GIF writer available");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            boolean first = true;
            for (BufferedImage frame : frames) {
                BufferedImage rgb = opaque(frame);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), param);
                decorate(meta, delayMs, first);
                writer.writeToSequence(new IIOImage(rgb, null, meta), param);
                first = false;
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /** GIF has no alpha channel worth having: frames go as opaque RGB. */
    private static BufferedImage opaque(BufferedImage frame) {
        if (frame.getType() == BufferedImage.TYPE_INT_RGB) {
            return frame;
        }
        BufferedImage rgb = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(frame, 0, 0, null);
        return rgb;
    }

    private static void decorate(IIOMetadata meta, int delayMs, boolean first) throws IOException {
        String format = meta.getNativeMetadataFormatName(); // javax_imageio_gif_image_1.0
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMs / 10))); // hundredths of a second
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = for ever
            apps.appendChild(loop);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
