"""Periods: Chinese period expressions (本季度, 1-6月, 截至6月13日, 去年同期) as date ranges relative
to a reference date. Pure; imports nothing else of knowledge.
"""
