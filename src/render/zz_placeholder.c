typedef int scta_placeholder_render;
