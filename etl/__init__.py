"""ETL for the Norra Mellansverige warehouse: curate -> build -> (load, fetch)."""
