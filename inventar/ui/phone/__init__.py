"""phone"""
