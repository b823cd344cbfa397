"""Words of people's reactions ('angry', 'slams', 'protest'): the tagger reads a reaction
to cuts as other news (bot.tagging.follow_up) and the story planner reads it as no new cut
(bot.story_rounds). A module of its own, outside bot.tagging, so the writer process, which
plans stories, never loads the rules (tests/test_e2e_perf.py).
"""

REACTION_WORDS = (
    r"angry|angered|furious|fum(?:e|es|ed|ing)|outraged|incensed|livid|irate|"
    r"upset|worried|anxious|frustrated|dismayed|shocked|stunned|devastated|"
    r"heartbroken|disappointed|slam(?:s|med)?|blast(?:s|ed)?|critici[sz](?:e|es|ed)|"
    r"condemn(?:s|ed)?|decr(?:y|ies|ied)|lash(?:es|ed)?\s+out|hits?\s+out|rail(?:s|ed)?\s+against|"
    r"mourn(?:s|ed)?|lament(?:s|ed)?|cheer(?:s|ed)?|applaud(?:s|ed)?|protest(?:s|ed)?"
)
