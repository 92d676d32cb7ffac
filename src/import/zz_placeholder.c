typedef int scta_placeholder_import;
