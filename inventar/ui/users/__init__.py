"""Who works at this laptop account: the user name asked once and *Filer ▸ Skift bruger …*."""
