typedef int scta_placeholder_store;
