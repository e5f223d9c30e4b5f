#include "model/outcomes.h"

namespace simrun::model {
namespace {
constexpr std::array<OutcomeDef, kNumOutcomes> kOutcomes = {{
    {kVisaRegimeOutcome, "visa_regime", "Russia imposes a visa regime on Azerbaijanis"},
    {kMassDeportation, "mass_deportation", "deported share of the diaspora reaches the threshold"},
    {kBusinessSeizure, "business_seizures", "seized Azerbaijani businesses reach the threshold"},
    {kTransitRestriction, "transit_restriction", "either side restricts oil or corridor transit"},
    {kBreakOfRelations, "break_of_relations", "either side breaks diplomatic relations"},
    {kCoercionOfPeople, "coercion_of_people", "Russia takes any measure against the diaspora"},
    {kNormalisation, "normalisation",
     "tension stays below the threshold with no economic, people or break measures in force"},
}};
}  // namespace

const std::array<OutcomeDef, kNumOutcomes>& outcome_table() { return kOutcomes; }

}  // namespace simrun::model
