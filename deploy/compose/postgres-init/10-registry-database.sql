-- The plugin registry keeps its own database beside the kernels' (run once, when the data volume is created).
create database kits_registry owner kits;
