"""Languages: which are supported and how they are written, detection, which one to answer
in, the Babel catalogs with locale-aware formatting, and text normalisation for the NLU.
"""
